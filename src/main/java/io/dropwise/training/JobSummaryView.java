package io.dropwise.training;

import java.time.Instant;

/** A job in the {@code GET /jobs} list. */
public record JobSummaryView(
        String id,
        String name,
        String datasetId,
        JobStatus status,
        JobView.Progress progress,
        JobView.ModelRef model,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
