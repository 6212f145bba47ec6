package io.dropwise.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.zip.CRC32;

/**
 * Framing shared by the engine's binary formats: 4-byte magic, 4-byte format version, payload (big-endian
 * {@link DataOutputStream} encoding), then a CRC32 of everything before it. Both directions stream: a format never
 * exists whole in memory (a checkpoint of a large network is hundreds of megabytes), tensors pass through a small
 * buffer, and the checksum is computed on the way.
 */
final class BinaryFormat {

    /** Bytes of a tensor converted at a time. */
    static final int SLICE = 64 * 1024;

    private BinaryFormat() {}

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** A payload reader of a format that still reads its older versions: gets the version found. */
    interface VersionedReader<T> {
        T read(DataInputStream in, int version) throws IOException;
    }

    static byte[] encode(int magic, int version, Writer payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            encode(bytes, magic, version, payload);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Writes the framed format to {@code sink} (left open) and returns the number of bytes written. */
    static long encode(OutputStream sink, int magic, int version, Writer payload) throws IOException {
        CRC32 crc = new CRC32();
        FormatStreams.Counting counted = new FormatStreams.Counting(sink, crc);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(counted, SLICE));
        out.writeInt(magic);
        out.writeInt(version);
        payload.write(out);
        out.flush();
        int checksum = (int) crc.getValue();
        sink.write(
                new byte[] {(byte) (checksum >>> 24), (byte) (checksum >>> 16), (byte) (checksum >>> 8), (byte) checksum
                });
        return counted.count + 4;
    }

    static <T> T decode(byte[] bytes, String what, int magic, int version, Reader<T> payload) {
        return decode(bytes, what, magic, version, version, (in, found) -> payload.read(in));
    }

    /** {@link #decode(byte[], String, int, int, Reader)} of any version from {@code oldest} to {@code version}. */
    static <T> T decode(byte[] bytes, String what, int magic, int oldest, int version, VersionedReader<T> payload) {
        if (bytes == null) {
            throw truncated(what, 0);
        }
        try {
            return decode(new ByteArrayInputStream(bytes), bytes.length, what, magic, oldest, version, payload);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory failed", e);
        }
    }

    /**
     * Reads a framed format of {@code length} bytes from {@code source}. Array lengths are bounded by the bytes
     * left, so a damaged length cannot allocate more than the stored size. When the payload cannot be parsed, the
     * rest is read to tell a damaged copy (checksum mismatch) from a format error.
     *
     * @throws IllegalArgumentException bad magic, unknown version, bad checksum, truncation
     * @throws IOException when {@code source} fails
     */
    static <T> T decode(InputStream source, long length, String what, int magic, int version, Reader<T> payload)
            throws IOException {
        return decode(source, length, what, magic, version, version, (in, found) -> payload.read(in));
    }

    /** {@link #decode(InputStream, long, String, int, int, Reader)} of any version from {@code oldest} to {@code version}. */
    static <T> T decode(
            InputStream source,
            long length,
            String what,
            int magic,
            int oldest,
            int version,
            VersionedReader<T> payload)
            throws IOException {
        if (length < 12) {
            throw truncated(what, length);
        }
        CRC32 crc = new CRC32();
        InputStream buffered = new java.io.BufferedInputStream(source, SLICE);
        FormatStreams.Bounded bounded = new FormatStreams.Bounded(buffered, length - 4, crc);
        FormatStreams.Input in = new FormatStreams.Input(bounded);
        try {
            if (in.readInt() != magic) {
                throw new IllegalArgumentException("not a Dropwise " + what + " (bad magic number)");
            }
            int found = in.readInt();
            if (found < oldest || found > version) {
                throw new IllegalArgumentException("unsupported " + what + " format version " + found
                        + "; this engine reads version " + (oldest == version ? version : oldest + " to " + version));
            }
            T value;
            try {
                value = payload.read(in, found);
            } catch (IOException | RuntimeException e) {
                bounded.rethrowSourceFailure();
                in.skipNBytes(in.remaining());
                checkTrailer(buffered, crc, what);
                if (e instanceof EOFException) {
                    throw new IllegalArgumentException(what + " is truncated: the payload ends early", e);
                }
                throw new IllegalArgumentException(what + " cannot be read: " + e.getMessage(), e);
            }
            long extra = in.remaining();
            if (extra != 0) {
                in.skipNBytes(extra);
                checkTrailer(buffered, crc, what);
                throw new IllegalArgumentException(what + " cannot be read: " + extra + " bytes follow the payload");
            }
            checkTrailer(buffered, crc, what);
            return value;
        } catch (EOFException e) {
            throw new IllegalArgumentException(
                    what + " is truncated: it ends before the " + length + " bytes recorded for it", e);
        }
    }

    private static void checkTrailer(InputStream source, CRC32 crc, String what) throws IOException {
        byte[] trailer = source.readNBytes(4);
        if (trailer.length < 4 || ByteBuffer.wrap(trailer).getInt() != (int) crc.getValue()) {
            throw new IllegalArgumentException(what + " checksum mismatch: the data is corrupted or truncated");
        }
    }

    private static IllegalArgumentException truncated(String what, long length) {
        return new IllegalArgumentException(
                what + " is truncated: " + length + " bytes is shorter than the 12-byte header and checksum");
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer slice = ByteBuffer.allocate(Math.min(SLICE, values.length * 4));
        FloatBuffer floats = slice.asFloatBuffer();
        for (int from = 0; from < values.length; from += floats.capacity()) {
            int n = Math.min(floats.capacity(), values.length - from);
            floats.clear();
            floats.put(values, from, n);
            out.write(slice.array(), 0, n * 4);
        }
    }

    static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[checkedLength(in, in.readInt(), 4)];
        ByteBuffer slice = ByteBuffer.allocate(Math.min(SLICE, values.length * 4));
        FloatBuffer floats = slice.asFloatBuffer();
        for (int from = 0; from < values.length; from += floats.capacity()) {
            int n = Math.min(floats.capacity(), values.length - from);
            in.readFully(slice.array(), 0, n * 4);
            floats.clear();
            floats.get(values, from, n);
        }
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
        float[][] tensors = new float[checkedLength(in, in.readInt(), 4)][];
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
        int[] values = new int[checkedLength(in, in.readInt(), 4)];
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

    /** {@link #checkedLength(int)}, and no more elements of {@code elementBytes} than the bytes left in the input. */
    static int checkedLength(DataInputStream in, int n, int elementBytes) throws IOException {
        checkedLength(n);
        if (in instanceof FormatStreams.Input input && (long) n * elementBytes > input.remaining()) {
            throw new IOException("implausible array length " + n + ": only " + input.remaining() + " bytes are left");
        }
        return n;
    }
}
