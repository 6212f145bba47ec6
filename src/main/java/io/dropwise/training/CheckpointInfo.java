package io.dropwise.training;

import java.time.Instant;

/**
 * A checkpoint without its bytes: what listing, retention and resume decisions read.
 *
 * @param chunks chunk rows holding the bytes (0: a checkpoint stored before chunking, its bytes in its own row)
 */
record CheckpointInfo(
        long id,
        int attempt,
        int epoch,
        int batch,
        String kind,
        Double validationLoss,
        long sizeBytes,
        int formatVersion,
        Instant createdAt,
        int chunks) {}
