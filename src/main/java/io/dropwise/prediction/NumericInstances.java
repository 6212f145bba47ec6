package io.dropwise.prediction;

import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * Reads the common {@code /predict} body, {@code {"instances":[[n, n, ...], ...]}}, straight from the parser's
 * tokens into float rows: no tree, no boxed numbers, no lists. Each value is taken as the general path takes it (the
 * parser's {@code double}, as Jackson gives it for an untyped number, then narrowed to float); a value beyond the
 * float range (or an infinite one) leaves that row out ({@code null}), so that the general path and its messages
 * decide. Anything else (another member, a non-number, an object instance, a syntax error, trailing tokens) answers
 * null: the caller then reads the body the general way, which answers (or refuses) it exactly as before.
 */
final class NumericInstances {

    private static final String INSTANCES = "instances";
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[1024]);

    private NumericInstances() {}

    /** Whether {@code reader} reads numbers the way this class assumes (no BigDecimal for floats). */
    static boolean applies(ObjectReader reader) {
        return !reader.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** The rows of a body of the common shape; null for any other body. */
    static float[][] read(ObjectReader reader, byte[] body) {
        try (JsonParser p = reader.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT
                    || p.nextToken() != JsonToken.PROPERTY_NAME
                    || !INSTANCES.equals(p.currentName())
                    || p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            float[][] rows = new float[4][];
            int count = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_ARRAY) {
                    return null;
                }
                if (count == rows.length) {
                    rows = Arrays.copyOf(rows, count * 2);
                }
                float[] row = row(p);
                if (row == NOT_NUMBERS) {
                    return null;
                }
                rows[count++] = row;
            }
            if (p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return count == rows.length ? rows : Arrays.copyOf(rows, count);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static final float[] NOT_NUMBERS = new float[0];

    /** One positional instance (after its '['): its values, null when one is out of the float range. */
    private static float[] row(JsonParser p) {
        float[] scratch = SCRATCH.get();
        int n = 0;
        boolean inRange = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                return NOT_NUMBERS;
            }
            double v = p.getDoubleValue();
            if (!(Math.abs(v) <= Float.MAX_VALUE)) {
                inRange = false;
            }
            if (n == scratch.length) {
                scratch = Arrays.copyOf(scratch, n * 2);
                SCRATCH.set(scratch);
            }
            scratch[n++] = (float) v;
        }
        return inRange ? Arrays.copyOf(scratch, n) : null;
    }
}
