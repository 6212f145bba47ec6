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
 * then narrowed to float. A decimal whose digits make an integer up to 2⁵³ and whose power of ten is within 10^±22
 * is computed exactly as that double (Clinger's fast path: both are exact doubles, and one IEEE division or
 * multiplication rounds correctly); any other one by {@link Double#parseDouble}, which rounds correctly too.
 */
final class DecimalRows {

    /** Longer numbers are left to Jackson (its own limit is far larger). */
    static final int MAX_NUMBER_BYTES = 64;

    /** The largest mantissa whose every value up to it is exact as a double (2⁵³). */
    private static final long EXACT_MANTISSA = 1L << 53;

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
        byte[] b = body;
        int length = b.length;
        int i = at;
        int n = 0;
        while (true) {
            // the common number, -?digits(.digits)? of at most 18 digits, read here with local variables only
            int start = i;
            boolean negative = i < length && b[i] == '-';
            if (negative) {
                i++;
            }
            int first = i;
            long mantissa = 0;
            int d;
            while (i < length && (d = b[i] - '0') >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
                i++;
            }
            int digits = i - first;
            double v = Double.NaN;
            if (digits > 0 && digits <= 18 && (digits == 1 || b[first] != '0') && i < length) {
                if (b[i] == '.') {
                    int point = ++i;
                    long eight;
                    while (i + 8 <= length && (eight = eightDigits(b, i)) >= 0) {
                        mantissa = mantissa * 100_000_000 + eight; // wraps past 18 digits: then not used
                        i += 8;
                    }
                    while (i < length && (d = b[i] - '0') >= 0 && d <= 9) {
                        mantissa = mantissa * 10 + d;
                        i++;
                    }
                    int fractionDigits = i - point;
                    if (fractionDigits > 0
                            && digits + fractionDigits <= 18
                            && mantissa <= EXACT_MANTISSA
                            && i < length
                            && b[i] != 'e'
                            && b[i] != 'E') {
                        double value = mantissa / POWERS[fractionDigits];
                        v = negative ? -value : value;
                    }
                } else if (b[i] != 'e' && b[i] != 'E') {
                    v = negative ? -mantissa : mantissa; // an integer: its long, as number() and Jackson give it
                }
            }
            if (v != v) { // not the common form: the general reader (whitespace, exponents, long numbers, errors)
                at = start;
                skipWhitespace();
                v = number();
                i = at;
                if (!(Math.abs(v) <= Float.MAX_VALUE)) {
                    return null; // not a number this class takes, or beyond the float range: Jackson's business
                }
            }
            if (n == scratch.length) {
                scratch = Arrays.copyOf(scratch, n * 2);
                SCRATCH.set(scratch);
            }
            scratch[n++] = (float) v;
            if (i >= length || b[i] != ',') { // the common case: a comma right after
                at = i;
                i = skipWhitespace();
                if (i >= length || (b[i] != ',' && b[i] != ']')) {
                    return null;
                }
                if (b[i] == ']') {
                    at = i + 1;
                    return Arrays.copyOf(scratch, n);
                }
            }
            at = ++i;
            if (i < length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
                i = skipWhitespace();
            }
        }
    }

    /**
     * The value of the eight ASCII digits at {@code i}, or -1 when any of the eight bytes is not a digit: the eight
     * at once in a long (one load, three multiplications) instead of a multiply-add chained through every digit.
     */
    static long eightDigits(byte[] b, int i) {
        long v = AsciiDigits.word(b, i);
        return AsciiDigits.leadingDigits(v) < 8 ? -1 : AsciiDigits.value(v);
    }

    /**
     * The JSON number at {@link #at} as Jackson computes it, moving past it; NaN when there is none, it is malformed
     * or longer than {@value #MAX_NUMBER_BYTES} characters, or it is an integer of more than 18 digits.
     */
    private double number() {
        byte[] b = body;
        int start = at;
        int end = Math.min(b.length, start + MAX_NUMBER_BYTES + 1);
        int i = start;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long mantissa = 0;
        int d;
        while (i < end && (d = b[i] - '0') >= 0 && d <= 9) {
            mantissa = mantissa * 10 + d; // may overflow past 18 digits: then not used
            i++;
        }
        int digits = i - first;
        if (digits == 0 || (b[first] == '0' && digits > 1)) {
            return Double.NaN; // no digit, or a leading zero (which Jackson refuses)
        }
        if (i >= end || (b[i] != '.' && b[i] != 'e' && b[i] != 'E')) {
            at = i;
            if (digits > 18 || i - start > MAX_NUMBER_BYTES) {
                return Double.NaN;
            }
            return negative ? -mantissa : mantissa; // a long, then a double, as Jackson converts an integer
        }
        int fractionDigits = 0;
        if (b[i] == '.') {
            int point = ++i;
            while (i < end && (d = b[i] - '0') >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
                i++;
            }
            fractionDigits = i - point;
            if (fractionDigits == 0) {
                return Double.NaN;
            }
        }
        int exponent = 0;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = i < end && b[i] == '-';
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int point = i;
            while (i < end && (d = b[i] - '0') >= 0 && d <= 9) {
                exponent = exponent * 10 + d; // at most 64 characters: no overflow past 10^9 matters below
                exponent = Math.min(exponent, 100_000);
                i++;
            }
            if (i == point) {
                return Double.NaN;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        at = i;
        if (i - start > MAX_NUMBER_BYTES) {
            return Double.NaN;
        }
        int power = exponent - fractionDigits;
        if (digits + fractionDigits <= 18 && mantissa <= EXACT_MANTISSA && power >= -22 && power <= 22) {
            // both exact doubles: one correctly rounded division or multiplication (zero stays a signed zero)
            double value = power < 0 ? mantissa / POWERS[-power] : mantissa * POWERS[power];
            return negative ? -value : value;
        }
        return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
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
