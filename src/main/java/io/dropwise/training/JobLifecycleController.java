package io.dropwise.training;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /jobs/{id}}: a finished job and everything it stored but the model version it registered. */
@RestController
@RequestMapping("/jobs")
class JobLifecycleController {

    private final JobDeletion deletion;

    JobLifecycleController(JobDeletion deletion) {
        this.deletion = deletion;
    }

    /** 204 when deleted, 404 for an unknown job, 409 while it is queued or running. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        deletion.delete(id);
        return ResponseEntity.noContent().build();
    }
}
