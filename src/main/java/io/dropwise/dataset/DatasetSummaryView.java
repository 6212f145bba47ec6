package io.dropwise.dataset;

import java.time.Instant;

/** One dataset in a list: what it is, without its columns. */
public record DatasetSummaryView(
        String id,
        String name,
        String task,
        String labelColumn,
        int rows,
        int featureCount,
        int classCount,
        long sizeBytes,
        boolean builtin,
        Instant createdAt) {}
