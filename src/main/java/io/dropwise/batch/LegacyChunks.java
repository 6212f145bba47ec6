package io.dropwise.batch;

import io.dropwise.batch.ChunkCodec.InputChunk;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.InflaterInputStream;

/**
 * Input chunks stored before the byte-plane format of {@link ChunkCodec} (a batch queued by an older version of the
 * service): one zlib stream of the row count, the width, then per row its passed-through fields (a count, then each
 * a length and UTF-8) and its features as big-endian floats.
 */
final class LegacyChunks {

    private LegacyChunks() {}

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
}
