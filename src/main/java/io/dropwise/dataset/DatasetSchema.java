package io.dropwise.dataset;

import io.dropwise.engine.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The columns of a dataset as a user sees them, and how a row of them is encoded into the model's input: a numeric
 * feature is one input, a categorical feature is one-hot over its categories (in the listed order). Stored with
 * the dataset and copied into every model version, so prediction accepts the original values.
 *
 * @param classes class labels in the order of the model's outputs (classification), empty for regression
 */
public record DatasetSchema(Task task, String labelColumn, List<Feature> features, List<String> classes) {

    public DatasetSchema {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
    }

    /**
     * One input column. {@code mean}, {@code std}, {@code min}, {@code max} describe the numeric values of the whole
     * dataset (NaN for a categorical feature); the model's own scaler is fitted on its training split.
     */
    public record Feature(
            String name, Kind kind, List<String> categories, double mean, double std, double min, double max) {

        public enum Kind {
            NUMERIC,
            CATEGORICAL
        }

        public Feature {
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        public int width() {
            return kind == Kind.NUMERIC ? 1 : categories.size();
        }
    }

    /** Number of model inputs after one-hot encoding. */
    public int encodedWidth() {
        return features.stream().mapToInt(Feature::width).sum();
    }

    /** Names of the model inputs: the feature name, or {@code name=category} for a one-hot input. */
    public List<String> encodedFeatureNames() {
        List<String> names = new ArrayList<>();
        for (Feature f : features) {
            if (f.kind() == Feature.Kind.NUMERIC) {
                names.add(f.name());
            } else {
                f.categories().forEach(c -> names.add(f.name() + "=" + c));
            }
        }
        return names;
    }

    public List<String> featureNames() {
        return features.stream().map(Feature::name).toList();
    }

    /**
     * Encodes one instance given in feature order: numbers for numeric features, the category (a string, or a
     * number matching a category's text) for categorical ones.
     *
     * @throws IllegalArgumentException naming the feature and what was expected
     */
    public float[] encode(List<?> values) {
        if (values.size() != features.size()) {
            throw new IllegalArgumentException("expected " + features.size() + " values in the order " + featureNames()
                    + ", got " + values.size());
        }
        float[] out = new float[encodedWidth()];
        int offset = 0;
        for (int i = 0; i < features.size(); i++) {
            offset = encodeInto(features.get(i), values.get(i), out, offset);
        }
        return out;
    }

    /**
     * Encodes one instance given by feature name; every feature must be present and no other name may appear.
     *
     * @throws IllegalArgumentException listing missing or unknown names, or naming a bad value
     */
    public float[] encode(Map<String, ?> values) {
        List<String> names = featureNames();
        List<String> unknown = values.keySet().stream()
                .filter(k -> !names.contains(k))
                .sorted()
                .toList();
        List<String> missing =
                names.stream().filter(n -> !values.containsKey(n)).toList();
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            throw new IllegalArgumentException((unknown.isEmpty() ? "" : "unknown features " + unknown + "; ")
                    + (missing.isEmpty() ? "" : "missing features " + missing + "; ")
                    + "expected " + names);
        }
        return encode(names.stream().map(values::get).toList());
    }

    private static int encodeInto(Feature f, Object value, float[] out, int offset) {
        if (f.kind() == Feature.Kind.NUMERIC) {
            out[offset] = (float) numeric(f, value);
            return offset + 1;
        }
        String text = value instanceof Number n ? numberText(n) : value instanceof String s ? s.trim() : null;
        int index = text == null ? -1 : f.categories().indexOf(text);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "feature '" + f.name() + "': expected one of " + f.categories() + ", got " + value);
        }
        out[offset + index] = 1f;
        return offset + f.categories().size();
    }

    private static double numeric(Feature f, Object value) {
        double v;
        if (value instanceof Number n) {
            v = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                v = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("feature '" + f.name() + "': expected a number, got \"" + s + "\"");
            }
        } else {
            throw new IllegalArgumentException("feature '" + f.name() + "': expected a number, got " + value);
        }
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new IllegalArgumentException("feature '" + f.name() + "': expected a finite number, got " + value);
        }
        return v;
    }

    private static String numberText(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : n.toString();
    }
}
