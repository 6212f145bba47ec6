package io.dropwise.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A batch prediction as {@code GET /batch-predictions/{id}} shows it.
 *
 * @param model the model version, pinned when the batch was accepted
 * @param mcDropout the Monte-Carlo settings, or null
 * @param rows data rows of the input
 * @param rowsDone rows whose result is stored
 * @param progress {@code rowsDone / rows}
 * @param columns the result's header row
 * @param evaluation metrics when the input has the model's label column and the batch succeeded, else null
 * @param attempts workers that took it (more than one after a restart or a takeover)
 * @param result where the result is, once there is one
 */
record BatchView(
        String id,
        String status,
        ModelRef model,
        McView mcDropout,
        long rows,
        long rowsDone,
        double progress,
        long inputBytes,
        List<String> columns,
        JsonNode evaluation,
        String error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String result) {

    /**
     * The pinned model version.
     *
     * @param deletedAt when that version was deleted (null while it exists): the name and number are what the batch
     *     was scored with, and may since name another model
     */
    record ModelRef(
            String name,
            int version,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant deletedAt) {}

    /** Monte-Carlo dropout settings. */
    record McView(int samples, long seed) {}

    static BatchView of(Batch b) {
        boolean hasResult = "SUCCEEDED".equals(b.status()) || "CANCELLED".equals(b.status()) && b.rowsDone() > 0;
        return new BatchView(
                b.id(),
                b.status(),
                new ModelRef(b.modelName(), b.modelVersion(), b.modelDeletedAt()),
                b.mcSamples() == null ? null : new McView(b.mcSamples(), b.mcSeed()),
                b.totalRows(),
                b.rowsDone(),
                b.totalRows() == 0 ? 0 : (double) b.rowsDone() / b.totalRows(),
                b.inputBytes(),
                BatchJson.strings(b.outputHeader()),
                BatchJson.tree(b.metrics()),
                b.error(),
                b.attempts(),
                b.createdAt(),
                b.startedAt(),
                b.finishedAt(),
                hasResult ? "/batch-predictions/" + b.id() + "/result" : null);
    }
}
