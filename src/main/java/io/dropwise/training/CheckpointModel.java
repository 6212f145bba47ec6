package io.dropwise.training;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.EpochMetrics;

/**
 * The model a cancelled job's checkpoint holds, ready to be registered (see {@link CancelledJobModels}).
 *
 * @param jobName the job's {@code name}: the model it would have registered had it succeeded
 * @param specJson the job's normalized spec as JSON
 * @param modelData the model in {@link io.dropwise.engine.ModelCodec} format: the checkpoint's best weights
 * @param bestEpoch the epoch whose weights the model holds
 * @param checkpointEpoch the epoch at which the checkpoint read was taken
 */
public record CheckpointModel(
        String jobId,
        String jobName,
        String datasetId,
        String specJson,
        DatasetSchema schema,
        byte[] modelData,
        int bestEpoch,
        EpochMetrics bestMetrics,
        int checkpointEpoch) {}
