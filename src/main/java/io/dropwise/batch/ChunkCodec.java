package io.dropwise.batch;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The bytes of a chunk row. An input chunk holds, per row, the passed-through fields and the features already encoded
 * (parsed and checked once, at submission); an output chunk the result's CSV text, packed four bits a character
 * ({@link NibbleText}) when it is mostly numbers, else a zlib stream (Huffman coding only: nearly the size of
 * {@link Deflater#BEST_SPEED}'s on such text in half its time).
 *
 * <p>An input chunk's content is the row count, the feature width and the passed-through field count, every
 * passed-through field (a length, UTF-8), then the features in one of two forms. When every value is a whole number
 * from 0 to 255 (pixels, counts, one-hot zeros and ones: common), the byte {@value #BYTES}, a CRC-32 of the content
 * and the content with one byte per value: a quarter of the floats, nothing to compress. Otherwise the byte {@value #PLANES}, the
 * content's length, and the content deflated, the features' float bits in four byte planes (every value's high byte,
 * then every second byte, ...), which deflate compresses better than interleaved floats. A chunk stored before
 * these forms (a zlib stream, first byte {@code 0x78}) is still read.
 */
final class ChunkCodec {

    /** The first byte of an input chunk in the byte-plane format. */
    static final byte PLANES = 1;

    /** The first byte of an input chunk whose values are all whole numbers from 0 to 255, one byte each. */
    static final byte BYTES = 2;

    private static final int NEGATIVE_ZERO = 0x80000000;

    private ChunkCodec() {}

    /** An input chunk: per row the passed-through fields and the encoded features. */
    record InputChunk(List<String[]> passed, float[][] features) {
        int rows() {
            return features.length;
        }
    }

    static byte[] input(List<String[]> passed, List<float[]> features) {
        int rows = features.size();
        int width = rows == 0 ? 0 : features.get(0).length;
        int fields = rows == 0 ? 0 : passed.get(0).length;
        int values = rows * width;
        boolean bytes = smallIntegers(features);
        ByteBuffer raw = ByteBuffer.allocate(5 + 12 + fieldBytes(passed) + (bytes ? 1 : 4) * values);
        raw.position(5);
        raw.putInt(rows).putInt(width).putInt(fields);
        for (String[] record : passed) {
            for (String field : record) {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                raw.putInt(utf8.length).put(utf8);
            }
        }
        byte[] a = raw.array();
        int i = raw.position();
        if (bytes) {
            for (float[] row : features) {
                for (float v : row) {
                    a[i++] = (byte) (int) v;
                }
            }
            return raw.put(0, BYTES).putInt(1, crc(a, 5, a.length - 5)).array();
        }
        for (float[] row : features) {
            for (float v : row) {
                int bits = Float.floatToRawIntBits(v);
                a[i] = (byte) (bits >>> 24);
                a[i + values] = (byte) (bits >>> 16);
                a[i + 2 * values] = (byte) (bits >>> 8);
                a[i + 3 * values] = (byte) bits;
                i++;
            }
        }
        byte[] deflated = deflate(a, 5, a.length - 5, Deflater.DEFAULT_STRATEGY);
        return ByteBuffer.allocate(5 + deflated.length)
                .put(PLANES)
                .putInt(a.length - 5)
                .put(deflated)
                .array();
    }

    /** True when every value is a whole number from 0 to 255 (pixels, counts, one-hot zeros and ones). */
    private static boolean smallIntegers(List<float[]> features) {
        for (float[] row : features) {
            for (float v : row) {
                int b = (int) v;
                if (b != v || b < 0 || b > 255 || Float.floatToRawIntBits(v) == NEGATIVE_ZERO) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int fieldBytes(List<String[]> passed) {
        int bytes = 0;
        for (String[] record : passed) {
            for (String field : record) {
                bytes += 4 + (isAscii(field) ? field.length() : utf8Length(field));
            }
        }
        return bytes;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static InputChunk readInput(byte[] data) {
        if (data.length == 0 || (data[0] != PLANES && data[0] != BYTES)) {
            return LegacyChunks.readInput(data);
        }
        try {
            boolean bytes = data[0] == BYTES;
            int word = ByteBuffer.wrap(data, 1, 4).getInt();
            if (bytes && crc(data, 5, data.length - 5) != word) {
                throw new IllegalStateException("its checksum does not match");
            }
            byte[] a = bytes ? data : inflate(data, 5, word);
            ByteBuffer in = ByteBuffer.wrap(a, bytes ? 5 : 0, a.length - (bytes ? 5 : 0));
            int rows = in.getInt();
            int width = in.getInt();
            int fields = in.getInt();
            List<String[]> passed = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                String[] record = new String[fields];
                for (int f = 0; f < fields; f++) {
                    int size = in.getInt();
                    record[f] = new String(a, in.position(), size, StandardCharsets.UTF_8);
                    in.position(in.position() + size);
                }
                passed.add(record);
            }
            int values = rows * width;
            int i = in.position();
            if (a.length - i != values * (bytes ? 1 : 4)) {
                throw new IllegalStateException("its length does not match its " + rows + " x " + width + " values");
            }
            float[][] features = new float[rows][width];
            for (float[] row : features) {
                for (int j = 0; j < width; j++, i++) {
                    row[j] = bytes
                            ? a[i] & 0xff
                            : Float.intBitsToFloat((a[i] & 0xff) << 24
                                    | (a[i + values] & 0xff) << 16
                                    | (a[i + 2 * values] & 0xff) << 8
                                    | (a[i + 3 * values] & 0xff));
                }
            }
            return new InputChunk(passed, features);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalStateException("a stored batch chunk is damaged", e);
        }
    }

    private static int crc(byte[] a, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(a, from, length);
        return (int) crc.getValue();
    }

    private static byte[] inflate(byte[] data, int from, int length) throws DataFormatException {
        byte[] a = new byte[length];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, from, data.length - from);
            int n = 0;
            while (n < length && !inflater.finished()) {
                int got = inflater.inflate(a, n, length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != length || !inflater.finished()) {
                throw new IllegalStateException("its compressed content is cut short or too long");
            }
            return a;
        } finally {
            inflater.end();
        }
    }

    /**
     * An output chunk: the result rows' CSV text, UTF-8, packed four bits a character ({@link NibbleText}) when that
     * halves it (numbers, numeric ids), else as one zlib stream.
     */
    static byte[] text(String csv) {
        byte[] utf8 = csv.getBytes(StandardCharsets.UTF_8);
        return text(utf8, utf8.length);
    }

    /** As {@link #text(String)}, the UTF-8 text in {@code utf8[0, length)}. */
    static byte[] text(byte[] utf8, int length) {
        int codes = NibbleText.codes(utf8, length);
        return NibbleText.worthIt(length, codes)
                ? NibbleText.pack(utf8, length, codes)
                : deflate(utf8, 0, length, Deflater.HUFFMAN_ONLY);
    }

    /** The text of an output chunk, in either form (a chunk stored before the packed form is a zlib stream). */
    static InputStream readText(byte[] data) {
        return data.length > 0 && data[0] == NibbleText.FORMAT
                ? new ByteArrayInputStream(NibbleText.unpack(data))
                : new InflaterInputStream(new ByteArrayInputStream(data));
    }

    /** A zlib stream of {@code bytes[from, from + length)} at {@link Deflater#BEST_SPEED} with this strategy. */
    private static byte[] deflate(byte[] bytes, int from, int length, int strategy) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setStrategy(strategy);
            deflater.setInput(bytes, from, length);
            deflater.finish();
            byte[] out = new byte[Math.max(64, length / 4)];
            int n = 0;
            while (!deflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            return Arrays.copyOf(out, n);
        } finally {
            deflater.end();
        }
    }

    /** One CSV field: quoted when it holds a comma, a quote, a line break or surrounding spaces. */
    static void appendField(StringBuilder line, String field) {
        if (!needsQuotes(field)) {
            line.append(field);
            return;
        }
        line.append('"').append(field.replace("\"", "\"\"")).append('"');
    }

    /** True when a CSV field must be quoted: it holds a comma, a quote, a line break or surrounding spaces. */
    static boolean needsQuotes(String field) {
        return !field.isEmpty()
                && (field.indexOf(',') >= 0
                        || field.indexOf('"') >= 0
                        || field.indexOf('\n') >= 0
                        || field.indexOf('\r') >= 0
                        || Character.isWhitespace(field.charAt(0))
                        || Character.isWhitespace(field.charAt(field.length() - 1)));
    }

    static String headerLine(List<String> names) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            appendField(line, names.get(i));
        }
        return line.append('\n').toString();
    }
}
