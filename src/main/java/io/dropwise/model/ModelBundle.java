package io.dropwise.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The native export of a model version ({@code GET …/export?format=dropwise}), byte for byte what
 * {@code POST /models/{name}/versions} imports: magic {@code "DWBN"}, format version (int, currently
 * {@value #VERSION}), the manifest (int length, UTF-8 JSON: spec, schema, normalization, metrics, provenance), the
 * model in {@link io.dropwise.engine.ModelCodec} format (int length, bytes, with its own checksum), then a CRC32 of
 * everything before it. Big-endian throughout.
 */
final class ModelBundle {

    static final int MAGIC = 0x4457424e; // "DWBN"
    static final int VERSION = 1;
    static final String MEDIA_TYPE = "application/vnd.dropwise.model+octet-stream";

    /** The two parts of a bundle. */
    record Parts(String manifestJson, byte[] modelData) {}

    /** Why a body is not a usable bundle; {@code unsupportedVersion} for a newer or unknown format. */
    static final class BundleException extends Exception {

        final boolean unsupportedVersion;

        BundleException(String message, boolean unsupportedVersion) {
            super(message);
            this.unsupportedVersion = unsupportedVersion;
        }
    }

    private ModelBundle() {}

    static void write(OutputStream sink, Parts parts) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(sink, crc));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        byte[] manifest = parts.manifestJson().getBytes(StandardCharsets.UTF_8);
        out.writeInt(manifest.length);
        out.write(manifest);
        out.writeInt(parts.modelData().length);
        out.write(parts.modelData());
        out.flush();
        new DataOutputStream(sink).writeInt((int) crc.getValue());
        sink.flush();
    }

    /**
     * Reads one bundle from {@code source}, at most {@code maxBytes} of it: no array is allocated beyond what the
     * bytes still allowed could fill, so a lying length costs nothing.
     */
    static Parts read(InputStream source, long maxBytes) throws IOException, BundleException {
        CRC32 crc = new CRC32();
        DataInputStream in = new DataInputStream(new CheckedInputStream(source, crc));
        try {
            if (in.readInt() != MAGIC) {
                throw new BundleException(
                        "the body is not a Dropwise model bundle (it does not start with \"DWBN\"); export one with "
                                + "GET /models/{name}/versions/{version}/export?format=dropwise",
                        false);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new BundleException(
                        "bundle format version " + version + " is not supported; this service reads version " + VERSION,
                        true);
            }
            long budget = maxBytes - 8;
            byte[] manifest = block(in, "manifest", budget);
            budget -= 4 + manifest.length;
            byte[] model = block(in, "model", budget);
            int expected = (int) crc.getValue();
            int stored = new DataInputStream(source).readInt();
            if (stored != expected) {
                throw new BundleException(
                        "the bundle is damaged: its checksum does not match its contents (CRC32 "
                                + Integer.toHexString(stored) + ", computed " + Integer.toHexString(expected) + ")",
                        false);
            }
            if (source.read() != -1) {
                throw new BundleException("the body goes on after the bundle's checksum", false);
            }
            return new Parts(new String(manifest, StandardCharsets.UTF_8), model);
        } catch (EOFException e) {
            throw new BundleException("the bundle is truncated: the body ended before the bundle did", false);
        }
    }

    private static byte[] block(DataInputStream in, String what, long budget) throws IOException, BundleException {
        int length = in.readInt();
        if (length < 0 || length > budget - 4) {
            throw new BundleException(
                    "the bundle is damaged or truncated: its " + what + " claims " + length + " bytes", false);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
