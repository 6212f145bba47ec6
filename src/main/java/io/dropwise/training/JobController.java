package io.dropwise.training;

import io.dropwise.web.PageView;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /jobs}: submit a training job, list and describe jobs, their per-epoch metrics, checkpoints and live
 * events, and cancel them.
 */
@RestController
@RequestMapping("/jobs")
class JobController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_PAGE_SIZE = 100;

    private final JobService jobs;
    private final JobEvents events;

    JobController(JobService jobs, JobEvents events) {
        this.jobs = jobs;
        this.events = events;
    }

    /**
     * Queues a job: 202 with the job (status QUEUED) and its {@code Location}. With an {@code Idempotency-Key}
     * already used for the same spec: 200 with that job.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(
            @RequestBody JobSpec spec, @RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key) {
        JobService.Submitted submitted = jobs.submit(spec, key);
        return ResponseEntity.status(submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/jobs/" + submitted.job().id()))
                .body(submitted.job());
    }

    @GetMapping
    PageView<JobSummaryView> list(
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        List<FieldProblem> errors = new ArrayList<>();
        JobStatus filter = null;
        if (status != null && !status.isBlank()) {
            try {
                filter = JobStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("status", "must be one of " + Arrays.toString(JobStatus.values())));
            }
        }
        if (page < 0) {
            errors.add(new FieldProblem("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            errors.add(new FieldProblem("size", "must be between 1 and " + MAX_PAGE_SIZE));
        }
        if (!errors.isEmpty()) {
            throw new InvalidJobSpecException(errors);
        }
        return jobs.list(filter, page, size);
    }

    @GetMapping("/{id}")
    JobView get(@PathVariable String id) {
        return jobs.get(id);
    }

    @GetMapping("/{id}/metrics")
    JobMetricsView metrics(@PathVariable String id) {
        return jobs.metrics(id);
    }

    @GetMapping("/{id}/checkpoints")
    JobCheckpointsView checkpoints(@PathVariable String id) {
        return jobs.checkpoints(id);
    }

    /**
     * {@code text/event-stream}: {@code status} and {@code epoch} events until the job ends; after the event named
     * by {@code Last-Event-ID} when a reconnecting client sends one.
     */
    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        return events.subscribe(id, lastEventId);
    }

    /**
     * Cancels a job: 200 when it is cancelled (it was queued, or already cancelled), 202 when it is running and
     * stops at its next batch boundary, 409 when it already succeeded or failed.
     */
    @PostMapping("/{id}/cancel")
    ResponseEntity<JobView> cancel(@PathVariable String id) {
        JobView job = jobs.cancel(id);
        HttpStatus status = job.status() == JobStatus.CANCELLED ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).header(HttpHeaders.LOCATION, "/jobs/" + id).body(job);
    }
}
