package io.dropwise.batch;

import static tools.jackson.core.io.schubfach.MathUtils.flog10pow2;
import static tools.jackson.core.io.schubfach.MathUtils.flog10threeQuartersPow2;
import static tools.jackson.core.io.schubfach.MathUtils.flog2pow10;
import static tools.jackson.core.io.schubfach.MathUtils.g1;
import static tools.jackson.core.io.schubfach.MathUtils.pow10;

import io.dropwise.prediction.AsciiDigits;

/**
 * A float's text written into a caller's byte array, with no object per value: the text of jackson-core's
 * {@code FloatToDecimal.toString} (which {@code /predict}'s JSON writes), that is Raffaello Giulietti's Schubfach — the
 * shortest decimal that reads back as the same float, in {@link Float#toString}'s format (Java 19+). The same steps as
 * jackson-core's, on its own {@code MathUtils} tables; {@code FloatTextTests} compares the two.
 */
final class FloatText {

    /** The longest text, 9 digits in computerized notation: {@code -1.04860595E-36}. */
    static final int MAX_LENGTH = 15;

    private static final int P = 24; // precision, hidden bit included
    private static final int Q_MIN = -149;
    private static final int C_MIN = 1 << (P - 1);
    private static final int C_TINY = 8;
    private static final int H = 9; // decimal digits of a float's shortest text, at most
    private static final int MASK_28 = (1 << 28) - 1;
    private static final long MASK_32 = (1L << 32) - 1;
    private static final byte[][] SPECIAL = {"NaN".getBytes(), "Infinity".getBytes(), "-Infinity".getBytes()};

    private FloatText() {}

    /** Writes {@code v}'s text at {@code out[at]} (room for {@link #MAX_LENGTH} bytes needed); the index after it. */
    static int write(float v, byte[] out, int at) {
        int bits = Float.floatToRawIntBits(v);
        int t = bits & (C_MIN - 1);
        int bq = (bits >>> (P - 1)) & 0xff;
        if (bq == 0xff) {
            byte[] text = SPECIAL[t != 0 ? 0 : bits > 0 ? 1 : 2];
            System.arraycopy(text, 0, out, at, text.length);
            return at + text.length;
        }
        int i = at;
        if (bits < 0) {
            out[i++] = '-';
        }
        if (bq != 0) { // normal
            int mq = -Q_MIN + 1 - bq;
            int c = C_MIN | t;
            if (0 < mq && mq < P) { // a whole number: its digits as they are
                int f = c >> mq;
                if (f << mq == c) {
                    return chars(f, 0, out, i);
                }
            }
            return decimal(-mq, c, 0, out, i);
        }
        if (t != 0) { // subnormal
            return t < C_TINY ? decimal(Q_MIN, 10 * t, -1, out, i) : decimal(Q_MIN, t, 0, out, i);
        }
        out[i] = '0';
        out[i + 1] = '.';
        out[i + 2] = '0';
        return i + 3;
    }

    /** The shortest decimal in the rounding interval of c 2^q, written (Schubfach). */
    private static int decimal(int q, int c, int dk, byte[] out, int at) {
        int parity = c & 1;
        long cb = (long) c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 33;
        long g = g1(k) + 1;
        int vb = rop(g, cb << h);
        int vbl = rop(g, cbl << h);
        int vbr = rop(g, cbr << h);
        int s = vb >> 2;
        if (s >= 100) {
            int sp10 = 10 * (int) (s * 1_717_986_919L >>> 34);
            int tp10 = sp10 + 10;
            boolean upin = vbl + parity <= sp10 << 2;
            boolean wpin = (tp10 << 2) + parity <= vbr;
            if (upin != wpin) {
                return chars(upin ? sp10 : tp10, k, out, at);
            }
        }
        int u = s + 1;
        boolean uin = vbl + parity <= s << 2;
        boolean win = (u << 2) + parity <= vbr;
        if (uin != win) {
            return chars(uin ? s : u, k + dk, out, at);
        }
        int cmp = vb - (s + u << 1);
        return chars(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : u, k + dk, out, at);
    }

    private static int rop(long g, long cp) {
        long x1 = Math.multiplyHigh(g, cp);
        long vbp = x1 >>> 31;
        return (int) (vbp | (x1 & MASK_32) + MASK_32 >>> 32);
    }

    /** The decimal f 10^e in {@link Float#toString}'s format. */
    private static int chars(int f, int e, byte[] out, int at) {
        int len = flog10pow2(Integer.SIZE - Integer.numberOfLeadingZeros(f));
        if (f >= pow10(len)) {
            len++;
        }
        f *= (int) pow10(H - len); // 10^(H-1) <= f < 10^H, the value 0.f 10^e
        e += len;
        int h = (int) (f * 1_441_151_881L >>> 57); // f / 10^8
        int l = f - 100_000_000 * h;
        int i = at;
        if (0 < e && e <= 7) { // plain, no leading zeros
            out[i++] = (byte) ('0' + h);
            int y = y(l);
            int d = 1;
            for (; d < e; d++) {
                int x = 10 * y;
                out[i++] = (byte) ('0' + (x >>> 28));
                y = x & MASK_28;
            }
            out[i++] = '.';
            for (; d <= 8; d++) {
                int x = 10 * y;
                out[i++] = (byte) ('0' + (x >>> 28));
                y = x & MASK_28;
            }
            return withoutTrailingZeros(out, i);
        }
        if (-3 < e && e <= 0) { // plain, leading zeros
            out[i++] = '0';
            out[i++] = '.';
            for (; e < 0; e++) {
                out[i++] = '0';
            }
            out[i++] = (byte) ('0' + h); // never 0: no trailing zero before it
            return eightDigits(l, out, i, 0);
        }
        out[i++] = (byte) ('0' + h); // computerized scientific notation
        out[i++] = '.';
        return exponent(e - 1, out, eightDigits(l, out, i, 1));
    }

    /**
     * Writes m's eight digits (as one 8-byte store) and returns the index after those kept: all but the trailing
     * zeros, and at least {@code atLeast} digits.
     */
    private static int eightDigits(int m, byte[] out, int i, int atLeast) {
        long digits = AsciiDigits.digits(m);
        AsciiDigits.put(out, i, digits);
        return i + Math.max(atLeast, 8 - AsciiDigits.trailingZeros(digits));
    }

    /** floor((a + 1) 2^28 / 10^8) - 1: the fixed-point fraction whose digits come out left to right. */
    private static int y(int a) {
        return (int) (Math.multiplyHigh((long) (a + 1) << 28, 193_428_131_138_340_668L) >>> 20) - 1;
    }

    /** Drops trailing zeros, but not the one right after the point; the new end. */
    private static int withoutTrailingZeros(byte[] out, int end) {
        while (out[end - 1] == '0') {
            end--;
        }
        return out[end - 1] == '.' ? end + 1 : end;
    }

    private static int exponent(int e, byte[] out, int i) {
        out[i++] = 'E';
        if (e < 0) {
            out[i++] = '-';
            e = -e;
        }
        if (e >= 10) {
            int d = e * 103 >>> 10; // e / 10
            out[i++] = (byte) ('0' + d);
            e -= 10 * d;
        }
        out[i++] = (byte) ('0' + e);
        return i;
    }
}
