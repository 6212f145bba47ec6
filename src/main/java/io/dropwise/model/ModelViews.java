package io.dropwise.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.Task;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of the registry endpoints. */
public final class ModelViews {

    private ModelViews() {}

    /** One entry of {@code GET /models}. */
    public record ModelSummaryView(
            String name, int latestVersion, Map<String, Integer> aliases, Instant createdAt, Instant updatedAt) {}

    /** {@code GET /models/{name}}: every version, newest first, and the aliases. */
    public record ModelView(
            String name,
            int latestVersion,
            Map<String, Integer> aliases,
            List<VersionSummaryView> versions,
            Instant createdAt,
            Instant updatedAt) {}

    /** @param sourceJobDeletedAt when the source job was deleted (the version stays), or null */
    public record VersionSummaryView(
            int version,
            List<String> aliases,
            String sourceJobId,
            Instant sourceJobDeletedAt,
            String datasetId,
            long sizeBytes,
            Instant createdAt,
            Map<String, Object> metrics) {}

    /**
     * {@code GET /models/{name}/versions/{v}}.
     *
     * @param spec the normalized job spec the version was trained with
     * @param metrics the metrics of the epoch whose weights the version holds (not-applicable values are null)
     * @param sourceJobDeletedAt when the source job was deleted (the version stays and keeps predicting), or null
     * @param provenance the sweep that chose the version (sweep id, params, cross-validated score ± std), else null
     */
    public record ModelVersionView(
            String name,
            int version,
            List<String> aliases,
            String task,
            String sourceJobId,
            Instant sourceJobDeletedAt,
            String datasetId,
            JsonNode spec,
            SchemaView schema,
            NormalizationView normalization,
            int bestEpoch,
            Map<String, Object> metrics,
            long sizeBytes,
            Instant createdAt,
            JsonNode provenance) {

        ModelVersionView(
                String name,
                int version,
                List<String> aliases,
                Task task,
                String sourceJobId,
                Instant sourceJobDeletedAt,
                String datasetId,
                JsonNode spec,
                SchemaView schema,
                NormalizationView normalization,
                int bestEpoch,
                Map<String, Object> metrics,
                long sizeBytes,
                Instant createdAt,
                JsonNode provenance) {
            this(
                    name,
                    version,
                    aliases,
                    lower(task),
                    sourceJobId,
                    sourceJobDeletedAt,
                    datasetId,
                    spec,
                    schema,
                    normalization,
                    bestEpoch,
                    metrics,
                    sizeBytes,
                    createdAt,
                    provenance);
        }
    }

    /**
     * What a prediction request must contain: {@code features} in order (positional instances) or by name,
     * categorical ones by their original value; {@code inputs}: the encoded (one-hot) model inputs, which is what
     * the V2 protocol's tensor holds.
     */
    public record SchemaView(
            String labelColumn, List<FeatureView> features, List<String> classes, List<String> inputs, int inputWidth) {

        static SchemaView of(DatasetSchema schema) {
            return new SchemaView(
                    schema.labelColumn(),
                    schema.features().stream().map(FeatureView::of).toList(),
                    schema.classes(),
                    schema.encodedFeatureNames(),
                    schema.encodedWidth());
        }
    }

    /** A feature column; the statistics describe the whole dataset (null for a categorical feature). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record FeatureView(
            String name, String kind, List<String> categories, Double mean, Double std, Double min, Double max) {

        static FeatureView of(DatasetSchema.Feature f) {
            return new FeatureView(
                    f.name(),
                    lower(f.kind()),
                    f.categories(),
                    finite(f.mean()),
                    finite(f.std()),
                    finite(f.min()),
                    finite(f.max()));
        }
    }

    /**
     * The input scaling fitted on the training split and applied by every prediction: {@code x' = (x - offset) *
     * scale} per encoded input; for regression with scaling on, the target is predicted as {@code t' * std + mean}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NormalizationView(
            String method, String formula, List<InputScalingView> inputs, TargetScalingView target) {}

    public record InputScalingView(String name, float offset, float scale) {}

    public record TargetScalingView(float mean, float std) {}

    public record AliasView(String model, String alias, int version, Instant updatedAt) {}

    /** {@code PUT /models/{name}/aliases/{alias}} body. */
    public record AliasRequest(Integer version) {}

    static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
