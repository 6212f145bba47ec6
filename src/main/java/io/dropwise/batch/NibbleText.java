package io.dropwise.batch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A result chunk's CSV text packed four bits a character: the digits, {@code . , - E} and the line feed (what numbers
 * and numeric ids are written with) take one of fifteen codes each; any other byte the escape code and its eight bits
 * in two more codes. Result text of numbers comes to half its size, about as small as zlib's Huffman coding makes it,
 * at a fraction of its time (zlib was the largest cost of storing a scored chunk after the formatting of the floats).
 * Text with many other characters (class names, passed-through words) is not worth it ({@link #worthIt}): zlib stays.
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

    static {
        Arrays.fill(CODES, (byte) ESCAPE);
        for (int c = 0; c < SYMBOLS.length; c++) {
            CODES[SYMBOLS[c] & 0xff] = (byte) c;
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
        for (int i = 0; i < length; i++) {
            int b = text[i] & 0xff;
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
        int k = 0;
        try {
            for (int t = 0; t < length; t++) {
                int code = code(data, k++);
                if (code == ESCAPE) {
                    code = code(data, k++) << 4 | code(data, k++);
                    text[t] = (byte) code;
                } else {
                    text[t] = SYMBOLS[code];
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
