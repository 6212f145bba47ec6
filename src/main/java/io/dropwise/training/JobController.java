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
    /** On a replayed submission: the response is the original one's, not a new job. */
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final JobSubmission submission;
    private final JobQueries jobs;
    private final JobCancellation cancellation;
    private final JobEvents events;

    JobController(JobSubmission submission, JobQueries jobs, JobCancellation cancellation, JobEvents events) {
        this.submission = submission;
        this.jobs = jobs;
        this.cancellation = cancellation;
        this.events = events;
    }

    /**
     * Queues a job: 202 with the job (status QUEUED) and its {@code Location}. The same {@code Idempotency-Key} and
     * spec again (from the same caller, within {@code dropwise.training.idempotency-key-ttl}): the original answer,
     * 202 with that job (now in its current state), marked {@code Idempotent-Replayed: true}.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(
            @RequestBody JobSpec spec, @RequestHeader(value = IDEMPOTENCY_KEY, required = false) String key) {
        JobSubmission.Submitted submitted = submission.submit(spec, key);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/jobs/" + submitted.job().id()))
                .header(IDEMPOTENT_REPLAYED, Boolean.toString(!submitted.created()))
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
        return jobs.list(filter, page, size, errors);
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
    SseEmitter events(
            @PathVariable String id, @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        return events.subscribe(id, lastEventId);
    }

    /**
     * Cancels a job: 200 when it is cancelled (it was queued, or already cancelled), 202 when it is running and
     * stops at its next batch boundary, 409 when it already succeeded or failed.
     */
    @PostMapping("/{id}/cancel")
    ResponseEntity<JobView> cancel(@PathVariable String id) {
        JobView job = cancellation.cancel(id);
        HttpStatus status = job.status() == JobStatus.CANCELLED ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status)
                .header(HttpHeaders.LOCATION, "/jobs/" + id)
                .body(job);
    }
}
