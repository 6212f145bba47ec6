package io.dropwise.training;

import io.dropwise.support.PostgresIntegrationTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link CheckpointChunksIntegrationTests} on PostgreSQL, whose driver reads a {@code bytea} whole. */
class CheckpointChunksPostgresIntegrationTests extends PostgresIntegrationTest {

    @Autowired
    CheckpointChunks chunks;

    @Test
    void bytesRoundTripThroughChunkRowsAndAreDeleted() throws IOException {
        CheckpointChunksIntegrationTests.roundTrip(chunks, jdbc, -1_000_002L);
    }
}
