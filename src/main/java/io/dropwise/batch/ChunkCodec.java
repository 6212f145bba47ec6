package io.dropwise.batch;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The bytes of a chunk row: an input chunk holds, per row, the passed-through fields and the features already encoded
 * (parsed and checked once, at submission), an output chunk the result's CSV text; both deflated.
 */
final class ChunkCodec {

    private ChunkCodec() {}

    /** An input chunk: per row the passed-through fields and the encoded features. */
    record InputChunk(List<String[]> passed, float[][] features) {
        int rows() {
            return features.length;
        }
    }

    static byte[] input(List<String[]> passed, List<float[]> features) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int width = features.isEmpty() ? 0 : features.get(0).length;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(deflating(bytes), 64 * 1024))) {
            out.writeInt(features.size());
            out.writeInt(width);
            ByteBuffer buffer = ByteBuffer.allocate(width * Float.BYTES);
            for (int r = 0; r < features.size(); r++) {
                String[] record = passed.get(r);
                out.writeInt(record.length);
                for (String field : record) {
                    byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
                buffer.clear();
                buffer.asFloatBuffer().put(features.get(r));
                out.write(buffer.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static InputChunk readInput(byte[] data) {
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(new InflaterInputStream(new ByteArrayInputStream(data)), 64 * 1024))) {
            int count = in.readInt();
            int width = in.readInt();
            List<String[]> passed = new ArrayList<>(count);
            float[][] features = new float[count][width];
            byte[] raw = new byte[width * Float.BYTES];
            for (int r = 0; r < count; r++) {
                String[] record = new String[in.readInt()];
                for (int f = 0; f < record.length; f++) {
                    byte[] utf8 = new byte[in.readInt()];
                    in.readFully(utf8);
                    record[f] = new String(utf8, StandardCharsets.UTF_8);
                }
                passed.add(record);
                in.readFully(raw);
                ByteBuffer.wrap(raw).asFloatBuffer().get(features[r]);
            }
            return new InputChunk(passed, features);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored batch chunk is damaged", e);
        }
    }

    static byte[] text(String csv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(csv.length() / 3 + 64);
        try (DeflaterOutputStream out = deflating(bytes)) {
            out.write(csv.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static InflaterInputStream readText(byte[] data) {
        return new InflaterInputStream(new ByteArrayInputStream(data));
    }

    private static DeflaterOutputStream deflating(ByteArrayOutputStream bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        return new DeflaterOutputStream(bytes, deflater, 64 * 1024) {
            @Override
            public void close() throws IOException {
                super.close();
                deflater.end();
            }
        };
    }

    /** One CSV field: quoted when it holds a comma, a quote, a line break or surrounding spaces. */
    static void appendField(StringBuilder line, String field) {
        boolean quote = !field.isEmpty()
                && (field.indexOf(',') >= 0
                        || field.indexOf('"') >= 0
                        || field.indexOf('\n') >= 0
                        || field.indexOf('\r') >= 0
                        || Character.isWhitespace(field.charAt(0))
                        || Character.isWhitespace(field.charAt(field.length() - 1)));
        if (!quote) {
            line.append(field);
            return;
        }
        line.append('"').append(field.replace("\"", "\"\"")).append('"');
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
