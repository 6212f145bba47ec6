package io.dropwise.training;

import io.dropwise.web.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancels jobs: a queued one at once (counted in {@code dropwise_jobs_finished_total} here, since no worker will
 * ever see it), a running one at its next batch boundary on whichever instance trains it (counted by that worker).
 */
@Service
class JobCancellation {

    private static final Logger log = LoggerFactory.getLogger(JobCancellation.class);
    private static final int CANCEL_TRIES = 3;

    private final TrainingJobRepository jobs;
    private final JobQueries queries;
    private final RunningJobs running;
    private final TrainingMetrics metrics;
    private final TransactionTemplate transactions;

    JobCancellation(
            TrainingJobRepository jobs,
            JobQueries queries,
            RunningJobs running,
            TrainingMetrics metrics,
            PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events) {
        this.events = events;
        this.jobs = jobs;
        this.queries = queries;
        this.running = running;
        this.metrics = metrics;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    private final ApplicationEventPublisher events;

    private record Outcome(JobView view, boolean cancelledQueued) {}

    /** Cancelling a cancelled job is a no-op; a job that succeeded or failed is a 409. */
    JobView cancel(String id) {
        for (int i = 1; ; i++) {
            try {
                Outcome outcome = transactions.execute(tx -> requestCancel(id));
                if (outcome.cancelledQueued()) {
                    metrics.finished(JobStatus.CANCELLED);
                }
                if (outcome.view().status() == JobStatus.RUNNING) {
                    running.stop(id, RunningJobs.StopReason.CANCEL);
                }
                return outcome.view();
            } catch (OptimisticLockingFailureException e) {
                if (i == CANCEL_TRIES) {
                    throw e;
                }
            }
        }
    }

    private Outcome requestCancel(String id) {
        TrainingJobEntity job = queries.find(id);
        boolean cancelledQueued = false;
        switch (job.getStatus()) {
            case SUCCEEDED, FAILED ->
                throw new ApiException(
                                HttpStatus.CONFLICT,
                                "job-finished",
                                "Job finished",
                                "Job " + id + " is " + job.getStatus()
                                        + "; only a queued or running job can be cancelled.")
                        .with("jobStatus", job.getStatus());
            case QUEUED -> {
                Instant now = now();
                job.cancel(now);
                events.publishEvent(new JobEnded(id, JobStatus.CANCELLED, now));
                cancelledQueued = true;
                log.info("Job {} cancelled while queued", id);
            }
            case RUNNING -> {
                if (!job.isCancelRequested()) {
                    job.requestCancel(now());
                    log.info("Job {} cancel requested; it stops at its next batch boundary", id);
                }
            }
            case CANCELLED -> {
                // already cancelled: nothing to do
            }
        }
        jobs.saveAndFlush(job);
        return new Outcome(queries.view(job), cancelledQueued);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
