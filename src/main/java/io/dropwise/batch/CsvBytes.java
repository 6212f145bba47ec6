package io.dropwise.batch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Result CSV text built as UTF-8 bytes in one growing array: the bytes {@link ChunkCodec#text(byte[], int)} packs, with
 * no {@code StringBuilder}, no {@code String} of the whole chunk and no encoding pass between them. A float's digits are
 * written straight into it ({@link FloatText}).
 */
final class CsvBytes {

    private byte[] bytes;
    private int length;

    CsvBytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** An ASCII character. */
    CsvBytes append(char c) {
        room(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** A float: its shortest text that reads back as the same float, as {@code /predict}'s JSON writes it. */
    CsvBytes append(float v) {
        room(FloatText.MAX_LENGTH);
        length = FloatText.write(v, bytes, length);
        return this;
    }

    /** Bytes already in CSV form (a field written earlier). */
    CsvBytes append(byte[] field) {
        room(field.length);
        System.arraycopy(field, 0, bytes, length, field.length);
        length += field.length;
        return this;
    }

    /** One CSV field, quoted as {@link ChunkCodec#appendField(StringBuilder, String)} quotes it. */
    CsvBytes appendField(String field) {
        if (!ChunkCodec.needsQuotes(field)) {
            return text(field);
        }
        return append('"').text(field.replace("\"", "\"\"")).append('"');
    }

    private CsvBytes text(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                room(utf8.length);
                System.arraycopy(utf8, 0, bytes, length, utf8.length);
                length += utf8.length;
                return this;
            }
        }
        return ascii(s);
    }

    @SuppressWarnings("deprecation") // the low byte of each char: exactly the text of an ASCII string
    private CsvBytes ascii(String s) {
        int n = s.length();
        room(n);
        s.getBytes(0, n, bytes, length);
        length += n;
        return this;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
