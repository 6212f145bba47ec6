package io.dropwise.model;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.engine.Model;
import io.dropwise.engine.ModelCodec;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.Task;
import io.dropwise.web.ApiException;
import io.dropwise.web.Names;
import io.dropwise.web.ValidationException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Imports a native bundle ({@link ModelBundle}) as the next version of a model: the model bytes are stored as they
 * came, so the new version predicts bit-identically to the one exported. Everything is checked before anything is
 * stored: the checksum, the format version, the manifest, the model's own checksum, and that model and schema agree
 * (task, encoded input width, classes, feature names).
 */
@Service
class ModelImports {

    private final ModelRegistry registry;
    private final ObjectMapper json;

    ModelImports(ModelRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** Checks a bundle that {@link ModelBundle#read} accepted and registers it as the next version of {@code name}. */
    ModelVersionRef importBundle(String name, ModelBundle.Parts parts) {
        if (!Names.isValid(name)) {
            throw ValidationException.of("name", Names.RULE);
        }
        JsonNode manifest;
        DatasetSchema schema;
        try {
            manifest = json.readTree(parts.manifestJson());
            schema = json.treeToValue(required(manifest, "schema"), DatasetSchema.class);
        } catch (JacksonException e) {
            throw invalid("its manifest is not valid JSON for a bundle: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw invalid("its manifest is not valid: " + e.getMessage());
        }
        if (manifest.path("formatVersion").asInt(-1) != ModelBundle.VERSION) {
            throw invalid("its manifest's formatVersion is not " + ModelBundle.VERSION);
        }
        Model model;
        try {
            model = ModelCodec.decode(parts.modelData());
        } catch (IllegalArgumentException e) {
            throw invalid("its model does not decode: " + e.getMessage());
        }
        checkConsistent(manifest, schema, model.spec());
        String specJson = required(manifest, "spec").asString();
        EpochMetrics metrics = metrics(manifest.path("metrics"));
        String datasetId = text(manifest, "datasetId", "imported");
        return registry.register(new ModelRegistration(
                name,
                null,
                datasetId.length() > 64 ? datasetId.substring(0, 64) : datasetId,
                specJson,
                schema,
                parts.modelData(),
                manifest.path("bestEpoch").asInt(0),
                metrics,
                Instant.now()));
    }

    private static void checkConsistent(JsonNode manifest, DatasetSchema schema, NetworkSpec spec) {
        if (schema.task() != spec.task()) {
            throw invalid("its schema is for " + schema.task() + " but its model does " + spec.task());
        }
        if (!spec.task().name().equals(manifest.path("task").asString(""))) {
            throw invalid("its manifest names task '" + manifest.path("task").asString("") + "' but its model does "
                    + spec.task());
        }
        Set<String> names = new HashSet<>();
        for (Feature f : schema.features()) {
            if (f.name() == null || f.name().isBlank() || !names.add(f.name())) {
                throw invalid("its schema has a blank or repeated feature name '" + f.name() + "'");
            }
            if (f.kind() == null
                    || (f.kind() == Feature.Kind.CATEGORICAL) == f.categories().isEmpty()
                    || f.categories().size() != new HashSet<>(f.categories()).size()) {
                throw invalid("its schema's feature '" + f.name() + "' has inconsistent categories " + f.categories()
                        + " for kind " + f.kind());
            }
        }
        if (schema.encodedWidth() != spec.inputSize()) {
            throw invalid("its schema encodes " + schema.encodedWidth() + " inputs but its model expects "
                    + spec.inputSize());
        }
        if (manifest.path("inputWidth").asInt(-1) != spec.inputSize()) {
            throw invalid("its manifest's inputWidth " + manifest.path("inputWidth") + " is not the model's "
                    + spec.inputSize());
        }
        int outputs = spec.task() == Task.CLASSIFICATION ? schema.classes().size() : 1;
        if (outputs != spec.outputSize()
                || (spec.task() == Task.REGRESSION && !schema.classes().isEmpty())
                || new HashSet<>(schema.classes()).size() != schema.classes().size()) {
            throw invalid("its schema lists " + schema.classes().size() + " classes but its model has "
                    + spec.outputSize() + " outputs");
        }
    }

    /** The stored best-epoch metrics (see {@link ModelRegistry}), back into the record they were written from. */
    private static EpochMetrics metrics(JsonNode m) {
        if (!m.isObject() || m.isEmpty()) {
            return null;
        }
        return new EpochMetrics(
                m.path("epoch").asInt(0),
                number(m, "trainLoss"),
                number(m, "trainAccuracy"),
                number(m, "validationLoss"),
                number(m, "validationAccuracy"),
                number(m, "validationRmse"),
                number(m, "gap"),
                number(m, "learningRate"),
                0,
                Double.NaN);
    }

    private static double number(JsonNode m, String field) {
        JsonNode v = m.path(field);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static JsonNode required(JsonNode manifest, String field) {
        JsonNode v = manifest.path(field);
        if (v.isMissingNode() || v.isNull()) {
            throw invalid("its manifest has no '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode manifest, String field, String fallback) {
        JsonNode v = manifest.path(field);
        return v.isString() && !v.asString().isBlank() ? v.asString() : fallback;
    }

    static ApiException invalid(String why) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "invalid-model-bundle",
                "Invalid model bundle",
                "The body is not a usable model bundle: " + why + ".");
    }

    static ApiException unsupported(String why) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "unsupported-bundle-version",
                "Unsupported bundle version",
                "The model bundle cannot be read: " + why + ".");
    }
}
