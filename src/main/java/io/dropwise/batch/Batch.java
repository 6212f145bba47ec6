package io.dropwise.batch;

import java.time.Instant;

/** A {@code batch_prediction} row. */
record Batch(
        String id,
        String status,
        String modelName,
        int modelVersion,
        Integer mcSamples,
        Long mcSeed,
        String inputHeader,
        String outputHeader,
        long inputBytes,
        long totalRows,
        int totalChunks,
        long rowsDone,
        int chunksDone,
        int attempts,
        String worker,
        boolean cancelRequested,
        String metrics,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
