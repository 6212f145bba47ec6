package io.dropwise.training;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.EpochMetrics;
import java.time.Instant;

/**
 * Published (synchronously, inside the transaction that marks the job {@code SUCCEEDED}) when a training job
 * produced a model. The model registry listens and registers a new version of {@code modelName}.
 *
 * @param jobSpecJson the job's normalized spec (every default filled in) as JSON
 * @param modelData the trained model, {@link io.dropwise.engine.ModelCodec} format
 * @param bestMetrics the metrics of the epoch whose weights the model holds
 */
public record JobSucceeded(
        String jobId,
        String modelName,
        String datasetId,
        String jobSpecJson,
        DatasetSchema schema,
        byte[] modelData,
        int bestEpoch,
        EpochMetrics bestMetrics,
        Instant finishedAt) {}
