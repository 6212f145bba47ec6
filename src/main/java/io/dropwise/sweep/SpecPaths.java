package io.dropwise.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Paths into a job spec's JSON, as a sweep's search names them: members joined by dots, {@code [i]} for one array
 * element and {@code [*]} for every element ({@code model.hiddenLayers[*].dropout}, {@code
 * model.hiddenLayers[1].units}, {@code training.optimizer.learningRate}). A path is valid when it reaches an existing
 * value (not an object or array) of the normalized spec.
 */
final class SpecPaths {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z][A-Za-z0-9]*)((?:\\[(?:\\d+|\\*)])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+|\\*)]");
    static final int ALL = -1;

    private SpecPaths() {}

    /** One step: a member name, or an array index ({@link #ALL} for {@code [*]}). */
    record Step(String member, int index) {}

    /** @throws IllegalArgumentException when the path is not well formed */
    static List<Step> parse(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a path must not be empty");
        }
        List<Step> steps = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + path + "' is not a path: use member names joined by dots, "
                        + "[i] for an element, [*] for every element (e.g. model.hiddenLayers[*].dropout)");
            }
            steps.add(new Step(m.group(1), 0));
            Matcher i = INDEX.matcher(m.group(2));
            while (i.find()) {
                steps.add(new Step(null, i.group(1).equals("*") ? ALL : Integer.parseInt(i.group(1))));
            }
        }
        return steps;
    }

    /** The values the path reaches in {@code spec} (several through {@code [*]}); empty when it reaches none. */
    static List<JsonNode> resolve(JsonNode spec, String path) {
        List<JsonNode> found = new ArrayList<>();
        walk(spec, parse(path), 0, found);
        return found;
    }

    /**
     * Whether the path reaches at least one value, and only values (a leaf: not an object or an array), in the spec.
     */
    static boolean reachesValues(JsonNode spec, String path) {
        List<JsonNode> found = resolve(spec, path);
        return !found.isEmpty() && found.stream().allMatch(n -> !n.isContainer());
    }

    /** Sets every value the path reaches to {@code value} (a copy per place). */
    static void set(ObjectNode spec, String path, JsonNode value) {
        assign(spec, parse(path), 0, value);
    }

    private static void walk(JsonNode node, List<Step> steps, int at, List<JsonNode> found) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (at == steps.size()) {
            found.add(node);
            return;
        }
        Step step = steps.get(at);
        if (step.member() != null) {
            if (node.isObject() && node.has(step.member())) {
                walk(node.get(step.member()), steps, at + 1, found);
            }
        } else if (node.isArray()) {
            if (step.index() == ALL) {
                for (JsonNode element : node) {
                    walk(element, steps, at + 1, found);
                }
            } else if (step.index() < node.size()) {
                walk(node.get(step.index()), steps, at + 1, found);
            }
        }
    }

    private static void assign(JsonNode node, List<Step> steps, int at, JsonNode value) {
        Step step = steps.get(at);
        boolean last = at == steps.size() - 1;
        if (step.member() != null && node instanceof ObjectNode object && object.has(step.member())) {
            if (last) {
                object.set(step.member(), value.deepCopy());
            } else {
                assign(object.get(step.member()), steps, at + 1, value);
            }
        } else if (step.member() == null && node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (step.index() == ALL || step.index() == i) {
                    if (last) {
                        array.set(i, value.deepCopy());
                    } else {
                        assign(array.get(i), steps, at + 1, value);
                    }
                }
            }
        }
    }

    /**
     * Whether a job-spec problem's field ({@code model.hiddenLayers[1].dropout}) is a place this path sets: the path
     * with {@code [*]} standing for any index.
     */
    static boolean covers(String path, String field) {
        String regex = Pattern.quote(path).replace("[*]", "\\E\\[\\d+]\\Q");
        return field.matches(regex) || field.startsWith(path + ".") || field.startsWith(path + "[");
    }
}
