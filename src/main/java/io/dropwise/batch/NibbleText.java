package io.dropwise.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A result chunk's CSV text packed four bits a character: the digits, {@code . , - E} and the line feed (what numbers
 * and numeric ids are written with) take one of fifteen codes each; any other byte the escape code and its eight bits
 * in two more codes. Result text of numbers comes to half its size, about as small as zlib's Huffman coding makes it,
 * at a fraction of its time (zlib was the largest cost of storing a scored chunk after the formatting of the floats).
 * Text with many other characters (class names, passed-through words) is not worth it ({@link #worthIt}): zlib stays.
 * Packing and unpacking go a byte (two symbols) at a time through tables until an escape comes.
 *
 * <p>Content: the byte {@value #FORMAT}, the text's length in bytes, a CRC-32 of the text, then the codes, two a
 * byte, the first in the high four bits (a last odd code is followed by an unused zero).
 */
final class NibbleText {

    /** The first byte of a packed result chunk (a zlib stream's first byte is {@code 0x78}). */
    static final byte FORMAT = 3;

    private static final int ESCAPE = 15;
    private static final byte[] SYMBOLS = "0123456789.,\nE-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CODES = new byte[256];

    /**
     * The two symbols of a packed byte whose codes are both symbols, the first in the low byte (as a little-endian
     * short writes them in text order); 0 when either half is the escape (no symbol is the byte 0).
     */
    private static final short[] PAIRS = new short[256];

    /**
     * The packed byte of two text bytes that are both symbols, indexed by the pair as a little-endian short reads it
     * (the first in the low byte); -1 when either is not (no packed byte of two symbols has a half of 15).
     */
    private static final byte[] PACKED_PAIRS = new byte[1 << 16];

    private static final VarHandle LITTLE_ENDIAN_SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        Arrays.fill(CODES, (byte) ESCAPE);
        for (int c = 0; c < SYMBOLS.length; c++) {
            CODES[SYMBOLS[c] & 0xff] = (byte) c;
        }
        Arrays.fill(PACKED_PAIRS, (byte) -1);
        for (int first = 0; first < SYMBOLS.length; first++) {
            for (int second = 0; second < SYMBOLS.length; second++) {
                PACKED_PAIRS[(SYMBOLS[first] & 0xff) | (SYMBOLS[second] & 0xff) << 8] = (byte) (first << 4 | second);
            }
        }
        for (int v = 0; v < 256; v++) {
            int high = v >> 4;
            int low = v & 0xf;
            if (high != ESCAPE && low != ESCAPE) {
                PAIRS[v] = (short) (SYMBOLS[high] & 0xff | (SYMBOLS[low] & 0xff) << 8);
            }
        }
    }

    private NibbleText() {}

    /** The codes packing {@code text} takes: one a byte, three for a byte escaped. */
    static int codes(byte[] text) {
        return codes(text, text.length);
    }

    /** As {@link #codes(byte[])}, of {@code text[0, length)}. */
    static int codes(byte[] text, int length) {
        int codes = length;
        for (int i = 0; i < length; i++) {
            if (CODES[text[i] & 0xff] == ESCAPE) {
                codes += 2;
            }
        }
        return codes;
    }

    /** True when text of this many bytes packs to at most 55 % of its size (about one byte in twenty escaped). */
    static boolean worthIt(int bytes, int codes) {
        return codes <= bytes * 11L / 10;
    }

    /** @param codes {@link #codes} of the text */
    static byte[] pack(byte[] text, int codes) {
        return pack(text, text.length, codes);
    }

    /** As {@link #pack(byte[], int)}, {@code text[0, length)}. */
    static byte[] pack(byte[] text, int length, int codes) {
        byte[] a = ByteBuffer.allocate(9 + (codes + 1) / 2)
                .put(FORMAT)
                .putInt(length)
                .putInt(crc(text, length))
                .array();
        int o = 9;
        int high = -1; // a code waiting for its byte's low half
        int i = 0;
        while (i < length) {
            if (high < 0) { // on a byte's boundary: two symbols a byte while no escape comes
                for (; i + 1 < length; i += 2) {
                    byte packed = PACKED_PAIRS[(short) LITTLE_ENDIAN_SHORT.get(text, i) & 0xffff];
                    if (packed == -1) {
                        break;
                    }
                    a[o++] = packed;
                }
                if (i == length) {
                    break;
                }
            }
            int b = text[i++] & 0xff;
            int code = CODES[b];
            if (code != ESCAPE) {
                if (high < 0) {
                    high = code;
                } else {
                    a[o++] = (byte) (high << 4 | code);
                    high = -1;
                }
            } else if (high < 0) {
                a[o++] = (byte) (ESCAPE << 4 | b >> 4);
                high = b & 0xf;
            } else {
                a[o++] = (byte) (high << 4 | ESCAPE);
                a[o++] = (byte) b;
                high = -1;
            }
        }
        if (high >= 0) {
            a[o] = (byte) (high << 4);
        }
        return a;
    }

    /** The text of a packed chunk. */
    static byte[] unpack(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        if (data.length < 9 || in.get() != FORMAT) {
            throw new IllegalStateException("a stored batch result chunk is damaged: it is not packed text");
        }
        int length = in.getInt();
        int checksum = in.getInt();
        byte[] text = new byte[length];
        int limit = (data.length - 9) * 2;
        int k = 0; // codes read
        int t = 0;
        try {
            while (t < length) {
                if ((k & 1) == 0) { // on a byte's boundary: two symbols a byte while no escape comes
                    int o = 9 + (k >> 1);
                    int end = Math.min(data.length, o + (length - t) / 2);
                    for (; o < end; o++, t += 2) {
                        short pair = PAIRS[data[o] & 0xff];
                        if (pair == 0) {
                            break;
                        }
                        LITTLE_ENDIAN_SHORT.set(text, t, pair);
                    }
                    k = (o - 9) * 2;
                    if (t == length) {
                        break;
                    }
                }
                int code = code(data, k++);
                if (code == ESCAPE) {
                    code = code(data, k++) << 4 | code(data, k++);
                    text[t++] = (byte) code;
                } else {
                    text[t++] = SYMBOLS[code];
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("a stored batch result chunk is damaged: it is cut short", e);
        }
        if (k + 1 < limit || crc(text) != checksum) {
            throw new IllegalStateException("a stored batch result chunk is damaged: its checksum does not match");
        }
        return text;
    }

    private static int code(byte[] data, int k) {
        int b = data[9 + (k >> 1)];
        return (k & 1) == 0 ? (b >> 4) & 0xf : b & 0xf;
    }

    private static int crc(byte[] a) {
        return crc(a, a.length);
    }

    private static int crc(byte[] a, int length) {
        CRC32 crc = new CRC32();
        crc.update(a, 0, length);
        return (int) crc.getValue();
    }
}
