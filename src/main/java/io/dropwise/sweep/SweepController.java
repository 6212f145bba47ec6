package io.dropwise.sweep;

import io.dropwise.web.PageView;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code /sweeps}: cross-validated sweeps whose trials run as ordinary jobs on the job queue. */
@RestController
@RequestMapping("/sweeps")
class SweepController {

    private final SweepService sweeps;
    private final SweepEvents events;
    private final SweepDeletion deletion;

    SweepController(SweepService sweeps, SweepEvents events, SweepDeletion deletion) {
        this.sweeps = sweeps;
        this.events = events;
        this.deletion = deletion;
    }

    /** Checks the sweep (every trial's job spec) and queues it: 202 with the sweep and its {@code Location}. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SweepViews.SweepView> submit(@RequestBody SweepRequest request) {
        SweepViews.SweepView sweep = sweeps.submit(request);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/sweeps/" + sweep.id()))
                .body(sweep);
    }

    @GetMapping
    PageView<SweepViews.SweepSummaryView> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return sweeps.list(page, size);
    }

    @GetMapping("/{id}")
    SweepViews.SweepView get(@PathVariable String id) {
        return sweeps.get(id);
    }

    /** {@code text/event-stream}: {@code status} and {@code trial} events until the sweep ends. */
    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id) {
        return events.subscribe(id);
    }

    /**
     * Cancels the sweep and its jobs: 200 once cancelled, 202 when the cancel is recorded and the next coordinator
     * pass ends it, 409 when it already succeeded or failed.
     */
    @PostMapping("/{id}/cancel")
    ResponseEntity<SweepViews.SweepView> cancel(@PathVariable String id) {
        SweepViews.SweepView sweep = sweeps.cancel(id);
        HttpStatus status = sweep.status() == SweepStatus.CANCELLED ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status)
                .header(HttpHeaders.LOCATION, "/sweeps/" + id)
                .body(sweep);
    }

    /**
     * Deletes a finished sweep with its trial and refit jobs (their epochs, checkpoints, attempts) and its webhook
     * deliveries; the refit's model version stays. 204, 404 for an unknown sweep, 409 while it is queued or running.
     */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        deletion.delete(id);
        return ResponseEntity.noContent().build();
    }
}
