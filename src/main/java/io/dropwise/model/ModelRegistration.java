package io.dropwise.model;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.EpochMetrics;
import java.time.Instant;
import java.util.Objects;

/**
 * What a new model version is made of.
 *
 * @param sourceJobId the training job that produced it (null when registered directly, e.g. by a test or an import)
 * @param specJson the job's normalized spec as JSON
 * @param modelData the trained model in {@link io.dropwise.engine.ModelCodec} format
 * @param bestEpoch the epoch whose weights the model holds
 */
public record ModelRegistration(
        String modelName,
        String sourceJobId,
        String datasetId,
        String specJson,
        DatasetSchema schema,
        byte[] modelData,
        int bestEpoch,
        EpochMetrics bestMetrics,
        Instant createdAt) {

    public ModelRegistration {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(specJson, "specJson");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(modelData, "modelData");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
