package io.dropwise.prediction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The JSON shapes of the Open Inference Protocol (KServe V2) subset. Requests ignore members they do not know, as
 * the protocol's extensions may add some.
 */
final class V2Protocol {

    static final String INPUT = "input";
    static final String PLATFORM = "dropwise_mlp";

    private V2Protocol() {}

    record ServerMetadata(String name, String version, List<String> extensions) {}

    record ServerLive(boolean live) {}

    record ServerReady(boolean ready) {}

    record ModelReady(String name, String version, boolean ready) {}

    record TensorMetadata(String name, String datatype, long[] shape) {}

    record ModelMetadata(
            String name,
            List<String> versions,
            String platform,
            List<TensorMetadata> inputs,
            List<TensorMetadata> outputs) {}

    /** {@code parameters}: {@code mc_samples} and {@code mc_seed} ask for Monte-Carlo dropout. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record InferRequest(
            String id, Map<String, Object> parameters, List<InferInput> inputs, List<RequestedOutput> outputs) {}

    /** One input tensor; {@code data} flat in row-major order or nested. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record InferInput(String name, List<Long> shape, String datatype, Map<String, Object> parameters, JsonNode data) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RequestedOutput(String name, Map<String, Object> parameters) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InferResponse(
            @JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion,
            String id,
            Map<String, Object> parameters,
            List<OutputTensor> outputs) {}

    /** {@code data} is flat, row-major: a {@code float[]} or a {@code String[]}. */
    record OutputTensor(String name, String datatype, long[] shape, Object data) {}
}
