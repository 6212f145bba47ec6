package io.dropwise.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Framing shared by the engine's binary formats: 4-byte magic, 4-byte format version, payload (big-endian
 * {@link DataOutputStream} encoding), then a CRC32 of everything before it.
 */
final class BinaryFormat {

    private BinaryFormat() {}

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] encode(int magic, int version, Writer payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            out.writeInt(version);
            payload.write(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    static <T> T decode(byte[] bytes, String what, int magic, int version, Reader<T> payload) {
        if (bytes == null || bytes.length < 12) {
            throw new IllegalArgumentException(what + " is truncated: " + (bytes == null ? 0 : bytes.length)
                    + " bytes is shorter than the 12-byte header and checksum");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes);
        if (header.getInt(0) != magic) {
            throw new IllegalArgumentException("not a Dropwise " + what + " (bad magic number)");
        }
        int found = header.getInt(4);
        if (found != version) {
            throw new IllegalArgumentException("unsupported " + what + " format version " + found
                    + "; this engine reads version " + version);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != header.getInt(bytes.length - 4)) {
            throw new IllegalArgumentException(what + " checksum mismatch: the data is corrupted or truncated");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 8, bytes.length - 12));
            return payload.read(in);
        } catch (EOFException e) {
            throw new IllegalArgumentException(what + " is truncated: the payload ends early", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read: " + e.getMessage(), e);
        }
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    static float[] readFloats(DataInputStream in) throws IOException {
        int n = checkedLength(in.readInt());
        byte[] raw = new byte[n * 4];
        in.readFully(raw);
        float[] values = new float[n];
        ByteBuffer.wrap(raw).asFloatBuffer().get(values);
        return values;
    }

    static void writeTensors(DataOutputStream out, float[][] tensors) throws IOException {
        out.writeBoolean(tensors != null);
        if (tensors != null) {
            out.writeInt(tensors.length);
            for (float[] t : tensors) {
                writeFloats(out, t);
            }
        }
    }

    static float[][] readTensors(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        float[][] tensors = new float[checkedLength(in.readInt())][];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = readFloats(in);
        }
        return tensors;
    }

    static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeBoolean(values != null);
        if (values != null) {
            out.writeInt(values.length);
            for (int v : values) {
                out.writeInt(v);
            }
        }
    }

    static int[] readInts(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int[] values = new int[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    static int checkedLength(int n) throws IOException {
        if (n < 0 || n > (1 << 28)) {
            throw new IOException("implausible array length " + n);
        }
        return n;
    }
}
