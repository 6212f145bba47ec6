package io.dropwise.prediction;

import io.dropwise.model.ModelRegistry;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.V2Protocol.InferRequest;
import io.dropwise.prediction.V2Protocol.InferResponse;
import io.dropwise.prediction.V2Protocol.ModelMetadata;
import io.dropwise.prediction.V2Protocol.ModelReady;
import io.dropwise.prediction.V2Protocol.ServerLive;
import io.dropwise.prediction.V2Protocol.ServerMetadata;
import io.dropwise.prediction.V2Protocol.ServerReady;
import io.dropwise.prediction.V2Protocol.TensorMetadata;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Open Inference Protocol (KServe V2) REST subset: server and model metadata, liveness and readiness, and
 * {@code infer}. Errors are problem+json with an extra {@code error} member, which is what V2 clients read.
 */
@RestController
@RequestMapping("/v2")
class V2Controller {

    static final String SERVER_NAME = "dropwise";

    private final ModelRegistry registry;
    private final ModelLookup models;
    private final V2InferenceService inference;
    private final ApplicationAvailability availability;
    private final String serverVersion;

    V2Controller(
            ModelRegistry registry,
            ModelLookup models,
            V2InferenceService inference,
            ApplicationAvailability availability,
            ObjectProvider<BuildProperties> build) {
        this.registry = registry;
        this.models = models;
        this.inference = inference;
        this.availability = availability;
        BuildProperties properties = build.getIfAvailable();
        String implementation = V2Controller.class.getPackage().getImplementationVersion();
        this.serverVersion =
                properties != null ? properties.getVersion() : implementation != null ? implementation : "development";
    }

    @GetMapping({"", "/"})
    ServerMetadata server() {
        return new ServerMetadata(SERVER_NAME, serverVersion, List.of());
    }

    @GetMapping("/health/live")
    ServerLive live() {
        return new ServerLive(true);
    }

    @GetMapping("/health/ready")
    ResponseEntity<ServerReady> ready() {
        boolean ready = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ServerReady(ready));
    }

    @GetMapping("/models/{name}")
    ModelMetadata metadata(@PathVariable String name) {
        return metadata(name, VersionSelector.LATEST);
    }

    @GetMapping("/models/{name}/versions/{version}")
    ModelMetadata metadata(@PathVariable String name, @PathVariable String version) {
        return metadata(name, VersionSelector.parse(version, name));
    }

    /** Ready means decoded and in the cache: this call loads the version if it is not loaded yet. */
    @GetMapping("/models/{name}/ready")
    ModelReady modelReady(@PathVariable String name) {
        return modelReady(name, VersionSelector.LATEST);
    }

    @GetMapping("/models/{name}/versions/{version}/ready")
    ModelReady modelReady(@PathVariable String name, @PathVariable String version) {
        return modelReady(name, VersionSelector.parse(version, name));
    }

    @PostMapping("/models/{name}/infer")
    InferResponse infer(@PathVariable String name, @RequestBody InferRequest request) {
        return inference.infer(name, VersionSelector.LATEST, request);
    }

    @PostMapping("/models/{name}/versions/{version}/infer")
    InferResponse infer(@PathVariable String name, @PathVariable String version, @RequestBody InferRequest request) {
        return inference.infer(name, VersionSelector.parse(version, name), request);
    }

    private ModelMetadata metadata(String name, VersionSelector selector) {
        ServedModel served = models.served(name, selector);
        List<String> versions = registry.describe(name).versions().stream()
                .map(v -> Integer.toString(v.version()))
                .toList();
        return new ModelMetadata(
                name,
                versions,
                V2Protocol.PLATFORM,
                List.of(new TensorMetadata(V2Protocol.INPUT, "FP32", new long[] {-1, served.inputWidth()})),
                V2InferenceService.outputs(served));
    }

    private ModelReady modelReady(String name, VersionSelector selector) {
        ServedModel served = models.served(name, selector);
        return new ModelReady(name, Integer.toString(served.ref().version()), true);
    }
}
