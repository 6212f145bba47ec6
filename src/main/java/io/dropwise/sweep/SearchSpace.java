package io.dropwise.sweep;

import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A sweep's trials: the values of each search path, one map per trial, keyed by the search's own paths in the order
 * the request gave them. A grid is the cartesian product (the first path varies slowest); a random search draws
 * {@code trials} points from one generator seeded with {@code seed} (trial by trial, path by path), so the same seed
 * gives the same trials.
 */
final class SearchSpace {

    private SearchSpace() {}

    /** How many trials a grid has (saturating at {@code Long.MAX_VALUE}), before expanding it. */
    static long gridSize(Map<String, List<JsonNode>> grid) {
        long size = 1;
        for (List<JsonNode> values : grid.values()) {
            int n = values == null ? 0 : values.size();
            size = n == 0 ? 0 : size > Long.MAX_VALUE / n ? Long.MAX_VALUE : size * n;
        }
        return size;
    }

    static List<Map<String, JsonNode>> grid(LinkedHashMap<String, List<JsonNode>> grid) {
        List<Map<String, JsonNode>> trials = new ArrayList<>();
        trials.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> axis : grid.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> partial : trials) {
                for (JsonNode value : axis.getValue()) {
                    Map<String, JsonNode> trial = new LinkedHashMap<>(partial);
                    trial.put(axis.getKey(), value);
                    next.add(trial);
                }
            }
            trials = next;
        }
        return trials;
    }

    /**
     * Checks a random search's distributions, naming each bad one ({@code search.random.space.<path>}).
     */
    static void checkSpace(Map<String, JsonNode> space, List<FieldProblem> problems) {
        space.forEach((path, d) -> {
            String field = "search.random.space." + path;
            if (d == null || !d.isObject() || d.size() != 1) {
                problems.add(new FieldProblem(
                        field, "must be one of {\"uniform\": [a, b]}, {\"logUniform\": [a, b]}, {\"choice\": [...]}"));
                return;
            }
            String kind = d.propertyNames().iterator().next();
            JsonNode args = d.get(kind);
            switch (kind) {
                case "uniform", "logUniform" -> {
                    if (!args.isArray()
                            || args.size() != 2
                            || !args.get(0).isNumber()
                            || !args.get(1).isNumber()
                            || !(args.get(0).asDouble() < args.get(1).asDouble())) {
                        problems.add(new FieldProblem(field + "." + kind, "must be [a, b], two numbers with a < b"));
                    } else if (kind.equals("logUniform") && args.get(0).asDouble() <= 0) {
                        problems.add(new FieldProblem(field + ".logUniform", "needs 0 < a < b"));
                    }
                }
                case "choice" -> {
                    if (!args.isArray() || args.isEmpty()) {
                        problems.add(new FieldProblem(field + ".choice", "must be a non-empty array of values"));
                    }
                }
                default ->
                    problems.add(new FieldProblem(
                            field, "unknown distribution '" + kind + "': use uniform, logUniform or choice"));
            }
        });
    }

    /**
     * Draws the trials of a (checked) random search.
     *
     * @param integral whether a path's values are integers in the spec (a drawn number is then rounded)
     */
    static List<Map<String, JsonNode>> random(
            int trials, long seed, Map<String, JsonNode> space, Predicate<String> integral) {
        SplittableRandom rng = new SplittableRandom(seed);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        List<Map<String, JsonNode>> result = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, JsonNode> trial = new LinkedHashMap<>();
            space.forEach((path, d) -> {
                String kind = d.propertyNames().iterator().next();
                JsonNode args = d.get(kind);
                JsonNode value;
                if (kind.equals("choice")) {
                    value = args.get(rng.nextInt(args.size()));
                } else {
                    double a = args.get(0).asDouble();
                    double b = args.get(1).asDouble();
                    double u = rng.nextDouble();
                    double x = kind.equals("uniform")
                            ? a + u * (b - a)
                            : Math.exp(Math.log(a) + u * (Math.log(b) - Math.log(a)));
                    value = integral.test(path) ? nodes.numberNode(Math.round(x)) : nodes.numberNode(x);
                }
                trial.put(path, value);
            });
            result.add(trial);
        }
        return result;
    }
}
