package io.dropwise.model;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.FoldedNetwork;
import io.dropwise.engine.Model;
import io.dropwise.engine.ModelCodec;
import io.dropwise.model.export.OnnxExporter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the two exports of a stored version: the ONNX model of its deterministic network and the native bundle
 * ({@link ModelBundle}), whose manifest carries what the version row stores besides the model bytes.
 */
@Service
class ModelExports {

    /** The {@code metadata_props} keys of an exported ONNX model. */
    static final String CLASSES = "dropwise.classes";

    static final String FEATURES = "dropwise.features";
    static final String INPUTS = "dropwise.inputs";

    private final ModelVersionRepository versions;
    private final ModelResolver resolver;
    private final ObjectMapper json;

    ModelExports(ModelVersionRepository versions, ModelResolver resolver, ObjectMapper json) {
        this.versions = versions;
        this.resolver = resolver;
        this.json = json;
    }

    /** The serialized ONNX {@code ModelProto}; 404 problems for an unknown model or version. */
    @Transactional(readOnly = true)
    public byte[] onnx(String name, VersionSelector selector) {
        ModelVersionEntity v = find(name, selector);
        Model model = ModelCodec.decode(v.modelData());
        DatasetSchema schema = json.readValue(v.schemaJson(), DatasetSchema.class);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("dropwise.model", name);
        metadata.put("dropwise.version", Integer.toString(v.version()));
        metadata.put("dropwise.task", v.task().name().toLowerCase(Locale.ROOT));
        metadata.put(CLASSES, json.writeValueAsString(schema.classes()));
        metadata.put(FEATURES, json.writeValueAsString(schema.featureNames()));
        metadata.put(INPUTS, json.writeValueAsString(schema.encodedFeatureNames()));
        metadata.put("dropwise.labelColumn", String.valueOf(schema.labelColumn()));
        metadata.put("dropwise.schema", v.schemaJson());
        metadata.put(
                "dropwise.dropoutScaling", model.spec().dropoutScaling().name().toLowerCase(Locale.ROOT));
        metadata.put("dropwise.normalization", v.normalizationJson());
        return OnnxExporter.export(FoldedNetwork.of(model), name, v.version(), producerVersion(), metadata);
    }

    /** The native bundle's parts; 404 problems for an unknown model or version. */
    @Transactional(readOnly = true)
    public ModelBundle.Parts bundle(String name, VersionSelector selector) {
        ModelVersionEntity v = find(name, selector);
        ObjectNode manifest = json.createObjectNode();
        manifest.put("format", "dropwise-model-bundle");
        manifest.put("formatVersion", ModelBundle.VERSION);
        manifest.put("model", name);
        manifest.put("version", v.version());
        manifest.put("task", v.task().name());
        manifest.put("inputWidth", v.inputWidth());
        manifest.put("sourceJobId", v.sourceJobId());
        manifest.put("datasetId", v.datasetId());
        manifest.put("bestEpoch", v.bestEpoch());
        manifest.put("createdAt", v.createdAt().toString());
        manifest.put("spec", v.specJson());
        manifest.set("schema", json.readTree(v.schemaJson()));
        manifest.set("metrics", json.readTree(v.metricsJson()));
        manifest.set("normalization", json.readTree(v.normalizationJson()));
        return new ModelBundle.Parts(json.writeValueAsString(manifest), v.modelData());
    }

    private ModelVersionEntity find(String name, VersionSelector selector) {
        ModelVersionRef ref = resolver.resolve(name, selector);
        return versions.find(name, ref.version())
                .orElseThrow(() -> new ModelVersionNotFoundException(name, selector.toString()));
    }

    private static String producerVersion() {
        String version = ModelExports.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
