package io.dropwise.training;

import java.time.Instant;

/** A checkpoint without its blob: what listing, retention and resume decisions read. */
record CheckpointInfo(
        long id,
        int attempt,
        int epoch,
        int batch,
        String kind,
        Double validationLoss,
        long sizeBytes,
        int formatVersion,
        Instant createdAt) {}
