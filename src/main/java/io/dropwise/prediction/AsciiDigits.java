package io.dropwise.prediction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * ASCII digits eight bytes at a time (SWAR), for the number readers of {@code /predict} ({@link DecimalRows}) and of
 * batch CSV: one load, a count of the leading digits from the bytes' nibbles, and the value of eight digits in three
 * multiplications instead of a multiply-add chained through every digit.
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
}
