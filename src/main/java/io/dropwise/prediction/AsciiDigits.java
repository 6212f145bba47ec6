package io.dropwise.prediction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * ASCII digits eight bytes at a time (SWAR), for the number readers of {@code /predict} ({@link DecimalRows}) and of
 * batch CSV: one load, a count of the leading digits from the bytes' nibbles, and the value of eight digits in three
 * multiplications instead of a multiply-add chained through every digit. And the other way, for the batch result's
 * floats: eight digits of a number written as one word.
 */
public final class AsciiDigits {

    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private AsciiDigits() {}

    /** The eight bytes at {@code i} (at most {@code b.length - 8}), the first in the low byte. */
    public static long word(byte[] b, int i) {
        return (long) LITTLE_ENDIAN_LONG.get(b, i);
    }

    /**
     * How many of the eight bytes of {@code word} (the first in its low byte) are ASCII digits before the first that
     * is not; 8 when all are. A byte is a digit when its high nibble is 3 and adding 6 keeps it 3. The addition can
     * carry out of a byte only from a byte of 0xFA or more, which is not a digit, into later bytes, which do not count.
     */
    public static int leadingDigits(long word) {
        long high = word & 0xF0F0F0F0F0F0F0F0L;
        long plusSix = (word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L;
        long notDigit = (high ^ 0x3030303030303030L) | (plusSix ^ 0x3030303030303030L);
        return Long.numberOfTrailingZeros(notDigit) >>> 3;
    }

    /** The value of a word of eight ASCII digits, the first (in the low byte) the most significant. */
    public static long value(long word) {
        long v = ((word & 0x0F0F0F0F0F0F0F0FL) * 2561) >>> 8;
        v = ((v & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
        return ((v & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
    }

    /**
     * The value of the first {@code n} (1 to 7) bytes of {@code word}, ASCII digits, the first the most significant:
     * moved to the high end with '0' bytes before them, then read as eight digits ({@link #value}).
     */
    public static long leadingValue(long word, int n) {
        int shift = (8 - n) << 3;
        return value(word << shift | 0x3030303030303030L >>> (64 - shift));
    }

    /**
     * The word of {@code value}'s eight decimal digits (0 <= value < 10^8, leading zeros included) as ASCII, the
     * most significant in the low byte: {@link #value}'s inverse. Split in halves of four digits, of two, of one, all
     * lanes at once, by multiplications that divide exactly in this range.
     */
    public static long digits(int value) {
        long high = value / 10_000;
        long v = high | (value - high * 10_000) << 32;
        long q = (v * 10_486 >>> 20) & 0x0000_007F_0000_007FL; // each half / 100
        v = q | (v - q * 100) << 16;
        q = (v * 103 >>> 10) & 0x000F_000F_000F_000FL; // each quarter / 10
        return (q | (v - q * 10) << 8) | 0x3030_3030_3030_3030L;
    }

    /** How many of the eight ASCII digits of {@code word} ({@link #digits}) are zeros after the last that is not. */
    public static int trailingZeros(long word) {
        return Long.numberOfLeadingZeros(word ^ 0x3030_3030_3030_3030L) >>> 3;
    }

    /** Writes the eight bytes of {@code word} at {@code b[i]}, the low byte first. */
    public static void put(byte[] b, int i, long word) {
        LITTLE_ENDIAN_LONG.set(b, i, word);
    }
}
