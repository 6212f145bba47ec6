package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Chunked checkpoint bytes round-trip on H2, in slices, and are deleted to the last chunk. */
class CheckpointChunksIntegrationTests extends IntegrationTest {

    @Autowired
    CheckpointChunks chunks;

    @Test
    void bytesRoundTripThroughChunkRowsAndAreDeleted() throws IOException {
        roundTrip(chunks, jdbc, -1_000_001L);
    }

    /** 5.5 chunks of random bytes under a checkpoint id no real row has; shared with the PostgreSQL test. */
    static void roundTrip(CheckpointChunks chunks, JdbcTemplate jdbc, long id) throws IOException {
        byte[] bytes = new byte[CheckpointChunks.CHUNK_BYTES * 11 / 2];
        new Random(id).nextBytes(bytes);
        CheckpointChunks.Written written = chunks.write(id, out -> {
            out.write(bytes, 0, 10);
            out.write(bytes[10]);
            out.write(bytes, 11, bytes.length - 11);
        });
        assertThat(written.chunks()).isEqualTo(6);
        assertThat(written.bytes()).isEqualTo(bytes.length);
        assertThat(jdbc.queryForObject(
                        "select max(octet_length(data)) from checkpoint_chunk where checkpoint_id = ?",
                        Integer.class,
                        id))
                .isEqualTo(CheckpointChunks.CHUNK_BYTES);

        byte[] read = new byte[bytes.length];
        try (InputStream in = chunks.open(id, written.chunks())) {
            int at = 0;
            for (int n; (n = in.read(read, at, Math.min(70_000, read.length - at))) > 0; ) {
                at += n;
            }
            assertThat(at).isEqualTo(bytes.length);
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(read).isEqualTo(bytes);

        assertThat(chunks.orphans()).contains(id);
        chunks.delete(id);
        assertThat(jdbc.queryForObject("select count(*) from checkpoint_chunk where checkpoint_id = ?", Long.class, id))
                .isZero();
    }
}
