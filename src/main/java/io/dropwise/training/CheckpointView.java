package io.dropwise.training;

import java.time.Instant;

/**
 * One stored checkpoint.
 *
 * @param epoch epochs completed when it was taken
 * @param batch batches completed within the next epoch (0 at an epoch boundary; more after a cancel or shutdown)
 * @param kind {@code PERIODIC}, {@code FINAL} or {@code STOP}
 * @param validationLoss of the last completed epoch; null without a validation split
 */
public record CheckpointView(
        long id,
        int epoch,
        int batch,
        String kind,
        Double validationLoss,
        long sizeBytes,
        int formatVersion,
        int attempt,
        Instant createdAt) {

    static CheckpointView of(CheckpointInfo c) {
        return new CheckpointView(
                c.id(),
                c.epoch(),
                c.batch(),
                c.kind(),
                c.validationLoss(),
                c.sizeBytes(),
                c.formatVersion(),
                c.attempt(),
                c.createdAt());
    }
}
