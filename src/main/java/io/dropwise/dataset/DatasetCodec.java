package io.dropwise.dataset;

import io.dropwise.engine.Dataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The stored form of a dataset's rows: gzip of a little binary format, so training reads back exactly the encoded
 * matrix the schema describes without parsing text again. Layout (big-endian): magic {@code DWDS}, format version
 * (1 byte), task (1 byte: 0 classification, 1 regression), rows, features (encoded width), classes (ints), then
 * {@code rows * features} floats row-major, then one int class index (classification) or one float target
 * (regression) per row. gzip's CRC-32 detects a damaged blob.
 */
final class DatasetCodec {

    private static final int MAGIC = 0x44574453; // "DWDS"
    private static final byte VERSION = 1;
    private static final int CHUNK = 1 << 16;

    private DatasetCodec() {}

    static byte[] encode(Dataset data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, CHUNK))) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(data.labels() != null ? 0 : 1);
            out.writeInt(data.rows());
            out.writeInt(data.features());
            out.writeInt(data.classes());
            writeFloats(out, data.x());
            if (data.labels() != null) {
                writeInts(out, data.labels());
            } else {
                writeFloats(out, data.targets());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Dataset decode(byte[] blob) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(blob), CHUNK))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException("not a Dropwise dataset blob");
            }
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown dataset blob version " + version);
            }
            boolean classification = in.readByte() == 0;
            int rows = in.readInt();
            int features = in.readInt();
            int classes = in.readInt();
            float[] x = new float[Math.multiplyExact(rows, features)];
            readFloats(in, x);
            if (classification) {
                int[] labels = new int[rows];
                readInts(in, labels);
                return Dataset.classification(rows, features, x, labels, classes);
            }
            float[] targets = new float[rows];
            readFloats(in, targets);
            return Dataset.regression(rows, features, x, targets);
        } catch (IOException e) {
            throw new UncheckedIOException("damaged dataset blob", e);
        }
    }

    private static void writeFloats(OutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (float v : values) {
            if (!buffer.hasRemaining()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putFloat(v);
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    private static void writeInts(OutputStream out, int[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (int v : values) {
            if (!buffer.hasRemaining()) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putInt(v);
        }
        out.write(buffer.array(), 0, buffer.position());
    }

    private static void readFloats(DataInputStream in, float[] values) throws IOException {
        byte[] chunk = new byte[CHUNK];
        for (int i = 0; i < values.length; ) {
            int n = Math.min(CHUNK / 4, values.length - i);
            in.readFully(chunk, 0, n * 4);
            ByteBuffer.wrap(chunk, 0, n * 4).asFloatBuffer().get(values, i, n);
            i += n;
        }
    }

    private static void readInts(DataInputStream in, int[] values) throws IOException {
        byte[] chunk = new byte[CHUNK];
        for (int i = 0; i < values.length; ) {
            int n = Math.min(CHUNK / 4, values.length - i);
            in.readFully(chunk, 0, n * 4);
            ByteBuffer.wrap(chunk, 0, n * 4).asIntBuffer().get(values, i, n);
            i += n;
        }
    }
}
