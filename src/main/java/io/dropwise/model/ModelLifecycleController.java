package io.dropwise.model;

import io.dropwise.model.ModelViews.ModelVersionView;
import io.dropwise.web.ValidationException;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Deleting model versions and models; registering a cancelled job's best checkpoint. */
@RestController
class ModelLifecycleController {

    /** {@code POST /jobs/{id}/register} body, optional. */
    record RegisterRequest(String name) {}

    private final ModelDeletion deletion;
    private final CancelledJobRegistration registration;
    private final ModelRegistry registry;

    ModelLifecycleController(ModelDeletion deletion, CancelledJobRegistration registration, ModelRegistry registry) {
        this.deletion = deletion;
        this.registration = registration;
        this.registry = registry;
    }

    /** 204; 404 for an unknown model or version; 409 while an alias points at the version. */
    @DeleteMapping("/models/{name}/versions/{version}")
    ResponseEntity<Void> deleteVersion(@PathVariable String name, @PathVariable String version) {
        VersionSelector selector = VersionSelector.parse(version, name);
        if (selector.kind() != VersionSelector.Kind.NUMBER) {
            throw ValidationException.of(
                    "version",
                    "must be a version number: a version is deleted by its number, not by an alias or 'latest'");
        }
        deletion.deleteVersion(name, selector.number());
        return ResponseEntity.noContent().build();
    }

    /** 204; 404 for an unknown model; 409 while a queued or running job will register into it. */
    @DeleteMapping("/models/{name}")
    ResponseEntity<Void> deleteModel(@PathVariable String name) {
        deletion.deleteModel(name);
        return ResponseEntity.noContent().build();
    }

    /**
     * 201 with the new version ({@code Location}: its URL); 404 for an unknown job; 409 when the job is not
     * cancelled, is already registered, or has no usable checkpoint.
     */
    @PostMapping("/jobs/{id}/register")
    ResponseEntity<ModelVersionView> register(
            @PathVariable String id, @RequestBody(required = false) RegisterRequest request) {
        ModelVersionRef ref = registration.register(id, request == null ? null : request.name());
        return ResponseEntity.created(URI.create("/models/" + ref.name() + "/versions/" + ref.version()))
                .body(registry.describeVersion(ref.name(), VersionSelector.number(ref.version())));
    }
}
