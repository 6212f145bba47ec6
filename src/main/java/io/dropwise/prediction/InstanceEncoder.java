package io.dropwise.prediction;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns {@code /predict} instances (arrays in feature order or objects by name) into the model's encoded rows. */
final class InstanceEncoder {

    private static final int MAX_LISTED_ERRORS = 20;

    private InstanceEncoder() {}

    /** The encoded rows; a 400 {@link InvalidInstancesException} listing the instances that do not fit. */
    static float[][] encode(ServedModel served, List<Object> instances) {
        DatasetSchema schema = served.schema();
        float[][] rows = new float[instances.size()][];
        List<FieldProblem> errors = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < rows.length; i++) {
            Object instance = instances.get(i);
            try {
                float[] fast = served.numericOnly() ? numbers(instance, served.inputWidth()) : null;
                if (fast != null) {
                    rows[i] = fast;
                } else if (instance instanceof List<?> values) {
                    rows[i] = schema.encode(values);
                } else if (instance instanceof Map<?, ?> named) {
                    rows[i] = schema.encode(stringKeys(named));
                } else {
                    throw new IllegalArgumentException(
                            "expected an array of " + schema.features().size()
                                    + " values or an object by feature name, got " + describe(instance));
                }
            } catch (IllegalArgumentException e) {
                if (failed++ < MAX_LISTED_ERRORS) {
                    errors.add(new FieldProblem("instances[" + i + "]", e.getMessage()));
                }
            }
        }
        if (failed > 0) {
            String more = failed > errors.size() ? " (and " + (failed - errors.size()) + " more)" : "";
            throw new InvalidInstancesException(
                    failed + " of " + rows.length + " instances do not fit the model"
                            + more + ". First: " + errors.get(0).field() + ": "
                            + errors.get(0).message()
                            + ". 'expected' lists the features in order.",
                    errors,
                    schema.featureNames());
        }
        return rows;
    }

    /**
     * The common case without the general encoder: a positional instance of finite numbers for an all-numeric
     * schema. Null for anything else, which then goes through {@link DatasetSchema#encode} (and its messages).
     */
    private static float[] numbers(Object instance, int width) {
        if (!(instance instanceof List<?> values) || values.size() != width) {
            return null;
        }
        float[] row = new float[width];
        for (int j = 0; j < width; j++) {
            if (!(values.get(j) instanceof Number n)) {
                return null;
            }
            double v = n.doubleValue();
            if (!(Math.abs(v) <= Float.MAX_VALUE)) {
                return null;
            }
            row[j] = (float) v;
        }
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> named) {
        return (Map<String, ?>) named;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
