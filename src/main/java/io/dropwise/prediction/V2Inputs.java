package io.dropwise.prediction;

import io.dropwise.prediction.PredictionGuard.MonteCarlo;
import io.dropwise.prediction.V2Protocol.InferInput;
import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads a V2 {@code infer} request's input tensor and parameters, refusing what does not fit: values out of their
 * datatype's range, nesting that does not follow the shape, MC parameters that do not fit their integer type.
 */
final class V2Inputs {

    /** Datatype → {min, max} of the values it can hold (integer types also hold only integers). */
    private static final Map<String, double[]> RANGES = Map.ofEntries(
            Map.entry("FP16", new double[] {-65504, 65504}),
            Map.entry("FP32", new double[] {-Float.MAX_VALUE, Float.MAX_VALUE}),
            Map.entry("FP64", new double[] {-Float.MAX_VALUE, Float.MAX_VALUE}),
            Map.entry("INT8", new double[] {Byte.MIN_VALUE, Byte.MAX_VALUE}),
            Map.entry("INT16", new double[] {Short.MIN_VALUE, Short.MAX_VALUE}),
            Map.entry("INT32", new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE}),
            Map.entry("INT64", new double[] {-0x1p63, 0x1p63}),
            Map.entry("UINT8", new double[] {0, 255}),
            Map.entry("UINT16", new double[] {0, 65535}),
            Map.entry("UINT32", new double[] {0, 4294967295.0}),
            Map.entry("UINT64", new double[] {0, 0x1p64}));

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private V2Inputs() {}

    /** MC dropout when {@code parameters} ask for it ({@code mc_samples}, {@code mc_seed}), else null. */
    static MonteCarlo monteCarlo(Map<String, Object> parameters, PredictionGuard guard) {
        if (parameters == null || !(parameters.containsKey("mc_samples") || parameters.containsKey("mc_seed"))) {
            return null;
        }
        Long samples = integer(parameters.get("mc_samples"), "parameters.mc_samples");
        Long seed = integer(parameters.get("mc_seed"), "parameters.mc_seed");
        Integer t = samples == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, samples));
        return guard.monteCarlo(t, seed, "parameters.mc_samples");
    }

    /** A JSON integer that fits a {@code long} (1e23 or 3.5 do not), or null when absent. */
    private static Long integer(Object value, String field) {
        if (value == null) {
            return null;
        }
        BigDecimal exact = value instanceof BigDecimal d
                ? d
                : value instanceof BigInteger i
                        ? new BigDecimal(i)
                        : value instanceof Double || value instanceof Float
                                ? finite(((Number) value).doubleValue())
                                : value instanceof Number n ? BigDecimal.valueOf(n.longValue()) : null;
        if (exact == null || exact.stripTrailingZeros().scale() > 0) {
            throw PredictionProblems.invalidParameter(field, "must be an integer, got " + value);
        }
        if (exact.compareTo(LONG_MIN) < 0 || exact.compareTo(LONG_MAX) > 0) {
            throw PredictionProblems.invalidParameter(
                    field,
                    "must be an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE + ", got " + value);
        }
        return exact.longValueExact();
    }

    private static BigDecimal finite(double d) {
        return Double.isFinite(d) ? new BigDecimal(d) : null;
    }

    /** The datatype's range; 400 for a type that is not numeric. */
    static double[] range(InferInput input) {
        double[] range = input.datatype() == null ? null : RANGES.get(input.datatype());
        if (range == null) {
            throw invalid("inputs[0].datatype", "must be FP32 (or another numeric type), got " + input.datatype());
        }
        return range;
    }

    /** {@code data} as {@code n} rows of {@code width}: flat in row-major order, or nested exactly as the shape. */
    static float[][] rows(InferInput input, int n, int width) {
        double[] range = range(input);
        boolean integers = input.datatype().contains("INT");
        JsonNode data = input.data();
        if (data == null || !data.isArray()) {
            throw invalid("inputs[0].data", "must be an array of numbers (flat in row-major order, or nested)");
        }
        float[][] rows = new float[n][width];
        boolean nested = !data.isEmpty() && data.get(0).isArray();
        if (!nested) {
            if (data.size() != (long) n * width) {
                throw invalid(
                        "inputs[0].data",
                        "shape [" + n + ", " + width + "] needs " + (long) n * width + " values, got " + data.size());
            }
            for (int i = 0; i < data.size(); i++) {
                rows[i / width][i % width] = value(data.get(i), range, integers, input.datatype());
            }
            return rows;
        }
        if (data.size() != n) {
            throw invalid(
                    "inputs[0].data",
                    "nested data must follow the shape [" + n + ", " + width + "]: " + data.size() + " rows instead of "
                            + n);
        }
        for (int r = 0; r < n; r++) {
            JsonNode row = data.get(r);
            if (!row.isArray() || row.size() != width) {
                throw invalid(
                        "inputs[0].data[" + r + "]",
                        "nested data must follow the shape [" + n + ", " + width + "]: every row an array of " + width
                                + " numbers, got " + abbreviate(row));
            }
            for (int j = 0; j < width; j++) {
                rows[r][j] = value(row.get(j), range, integers, input.datatype());
            }
        }
        return rows;
    }

    private static float value(JsonNode element, double[] range, boolean integers, String datatype) {
        if (!element.isNumber()) {
            String where = element.isArray() ? " at the depth the shape gives (ragged or too deep nesting)" : "";
            throw invalid("inputs[0].data", "must hold only numbers" + where + ", got " + abbreviate(element));
        }
        double v = element.doubleValue();
        if (!Double.isFinite(v) || v < range[0] || v > range[1]) {
            throw invalid(
                    "inputs[0].data",
                    datatype + " values must be finite and between " + bound(range[0]) + " and " + bound(range[1])
                            + ", got " + element);
        }
        if (integers && v != Math.rint(v)) {
            throw invalid("inputs[0].data", datatype + " values must be integers, got " + element);
        }
        return (float) v;
    }

    private static String bound(double x) {
        return Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(java.util.Locale.ROOT, "%.6g", x);
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** 400 {@code invalid-instances}, as on {@code /predict}: the input does not fit the model. */
    static ApiException invalid(String field, String message) {
        return new InvalidInstancesException(
                field + ": " + message + ".", List.of(new FieldProblem(field, message)), null);
    }
}
