package io.dropwise.prediction;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.ObjectReader;

/**
 * The common {@code /predict} body, {@code {"instances":[[n, n, ...], ...]}}, read straight from its bytes into
 * float rows, without a JSON parser: what {@link NumericInstances} reads through Jackson's tokens, at a fraction of
 * its cost. It takes only a narrow, strict subset of JSON (exactly that shape, JSON whitespace, non-empty rows, plain
 * JSON numbers of at most {@value #MAX_NUMBER_BYTES} characters whose value is within the float range) and answers
 * null for anything else, which the caller then reads through {@link NumericInstances} (and, failing that, the
 * general mapping) exactly as before; so a body it takes is one Jackson takes, and it gives each value as Jackson
 * does: the number's correctly rounded {@code double} (an integer: its {@code long}, so {@code -0} is {@code 0}),
 * then narrowed to float. A decimal with at most {@value #EXACT_DIGITS} significant digits and a power of ten up to
 * 10²² is computed exactly as that double (both the digits and the power are exact doubles, and one IEEE division
 * or multiplication rounds correctly); any other one by {@link Double#parseDouble}, which rounds correctly too.
 */
final class DecimalRows {

    /** Longer numbers are left to Jackson (its own limit is far larger). */
    static final int MAX_NUMBER_BYTES = 64;

    /** Significant digits of a mantissa that is always exact as a double (below 2⁵³). */
    static final int EXACT_DIGITS = 15;

    private static final byte[] KEY = "\"instances\"".getBytes(StandardCharsets.US_ASCII);
    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[1024]);

    private final byte[] body;
    private int at;

    private DecimalRows(byte[] body) {
        this.body = body;
    }

    /** Whether {@code reader}'s limits accept every body this class takes (Jackson's defaults do). */
    static boolean applies(ObjectReader reader) {
        StreamReadConstraints limits = reader.parserFactory().streamReadConstraints();
        return NumericInstances.applies(reader)
                && limits.getMaxNumberLength() >= MAX_NUMBER_BYTES
                && limits.getMaxNestingDepth() >= 3
                && limits.getMaxDocumentLength() <= 0
                && limits.getMaxTokenCount() <= 0;
    }

    /** The rows of a body of the common shape; null for any other body (and for one this class leaves to Jackson). */
    static float[][] read(byte[] body) {
        return new DecimalRows(body).rows();
    }

    private float[][] rows() {
        if (!take('{') || !key() || !take(':') || !take('[')) {
            return null;
        }
        float[][] rows = new float[1][];
        int count = 0;
        do {
            if (!take('[')) {
                return null;
            }
            float[] row = row();
            if (row == null) {
                return null;
            }
            if (count == rows.length) {
                rows = Arrays.copyOf(rows, count * 2);
            }
            rows[count++] = row;
        } while (take(','));
        if (!take(']') || !take('}') || !(skipWhitespace() == body.length)) {
            return null;
        }
        return count == rows.length ? rows : Arrays.copyOf(rows, count);
    }

    /** One row after its '[': its values; null when a value or the syntax is not one this class takes. */
    private float[] row() {
        float[] scratch = SCRATCH.get();
        int n = 0;
        do {
            skipWhitespace();
            double v = number();
            if (!(Math.abs(v) <= Float.MAX_VALUE)) {
                return null; // not a number this class takes (NaN), or beyond the float range: Jackson's business
            }
            if (n == scratch.length) {
                scratch = Arrays.copyOf(scratch, n * 2);
                SCRATCH.set(scratch);
            }
            scratch[n++] = (float) v;
        } while (take(','));
        return take(']') ? Arrays.copyOf(scratch, n) : null;
    }

    /**
     * The JSON number at {@link #at} as Jackson computes it, moving past it; NaN when there is none, it is malformed
     * or longer than {@value #MAX_NUMBER_BYTES} characters, or it is an integer of more than 18 digits.
     */
    private double number() {
        byte[] b = body;
        int start = at;
        int i = start;
        boolean negative = i < b.length && b[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= b.length || !digit(b[i]) || (b[i] == '0' && i + 1 < b.length && digit(b[i + 1]))) {
            return Double.NaN; // no digit, or a leading zero (which Jackson refuses)
        }
        long mantissa = 0;
        int significant = 0;
        int integerDigits = 0;
        while (i < b.length && digit(b[i])) {
            mantissa = mantissa * 10 + (b[i++] - '0'); // may overflow past 18 digits: then not used
            integerDigits++;
            if (mantissa != 0 || significant > 0) {
                significant++;
            }
        }
        if (i >= b.length || (b[i] != '.' && b[i] != 'e' && b[i] != 'E')) {
            at = i;
            if (integerDigits > 18 || i - start > MAX_NUMBER_BYTES) {
                return Double.NaN;
            }
            return negative ? -mantissa : mantissa; // a long, then a double, as Jackson converts an integer
        }
        int fractionDigits = 0;
        if (b[i] == '.') {
            i++;
            int first = i;
            while (i < b.length && digit(b[i])) {
                mantissa = mantissa * 10 + (b[i++] - '0'); // may overflow past 18 digits: then not used
                fractionDigits++;
                if (mantissa != 0 || significant > 0) {
                    significant++;
                }
            }
            if (i == first) {
                return Double.NaN;
            }
        }
        int exponent = 0;
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = i < b.length && b[i] == '-';
            if (i < b.length && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int first = i;
            while (i < b.length && digit(b[i])) {
                exponent = Math.min(exponent * 10 + (b[i++] - '0'), 100_000);
            }
            if (i == first) {
                return Double.NaN;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        at = i;
        if (i - start > MAX_NUMBER_BYTES) {
            return Double.NaN;
        }
        int power = exponent - fractionDigits;
        double value;
        if (significant == 0) {
            value = 0;
        } else if (significant <= EXACT_DIGITS && power >= -22 && power <= 22) {
            value = power < 0 ? mantissa / POWERS[-power] : mantissa * POWERS[power];
        } else {
            return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
        }
        return negative ? -value : value;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Skips whitespace; takes {@code c} when it is next. */
    private boolean take(char c) {
        if (skipWhitespace() < body.length && body[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private boolean key() {
        skipWhitespace();
        if (body.length - at < KEY.length || !Arrays.equals(body, at, at + KEY.length, KEY, 0, KEY.length)) {
            return false;
        }
        at += KEY.length;
        return true;
    }

    /** Moves past JSON whitespace; the new position. */
    private int skipWhitespace() {
        while (at < body.length) {
            byte c = body[at];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            at++;
        }
        return at;
    }
}
