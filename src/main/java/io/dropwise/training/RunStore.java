package io.dropwise.training;

import io.dropwise.config.TrainingProperties;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.engine.TrainingResult;
import io.dropwise.training.JobAttemptEntity.Outcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The worker side's writes, each one short transaction: claiming a job, recording an epoch, and the end of an
 * attempt (checkpoints: {@link CheckpointStore}). Every write after the claim is fenced by the attempt number: when
 * the job has been given to another worker (its previous one was presumed dead) the write is refused with
 * {@link FencedException}.
 */
@Component
class RunStore {

    private static final Logger log = LoggerFactory.getLogger(RunStore.class);

    private final TrainingJobRepository jobs;
    private final JobAttemptRepository attempts;
    private final EpochMetricRepository metrics;
    private final ApplicationEventPublisher events;
    private final TrainingProperties properties;

    RunStore(
            TrainingJobRepository jobs,
            JobAttemptRepository attempts,
            EpochMetricRepository metrics,
            ApplicationEventPublisher events,
            TrainingProperties properties) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.metrics = metrics;
        this.events = events;
        this.properties = properties;
    }

    /**
     * The outcome of {@link #claim}: run attempt {@code attempt} of this job, or nothing to do.
     *
     * @param splitJson a sweep fold job's train/validation split ({@link FoldSplit}), null for the spec's own
     * @param sweepId the sweep of a sweep's fold job (its epochs are announced: {@link SweepEpochRecorded}), else null
     */
    record Claim(
            boolean run,
            int attempt,
            String name,
            String datasetId,
            String specJson,
            String splitJson,
            String sweepId) {

        static Claim nothing() {
            return new Claim(false, 0, null, null, null, null, null);
        }
    }

    /** Thrown when a worker writes for a job that is no longer its own. */
    static class FencedException extends RuntimeException {

        FencedException(String jobId, int attempt) {
            super("job " + jobId + " no longer belongs to attempt " + attempt);
        }
    }

    /**
     * Takes a job for this worker: a new attempt, status RUNNING. A job whose previous attempt never ended (its
     * worker died) has that attempt closed as LOST first. A terminal job, a job cancelled while queued and a job
     * that ran out of attempts are not run.
     */
    @Transactional
    Claim claim(String jobId, String worker) {
        Optional<TrainingJobEntity> found = jobs.findById(jobId);
        if (found.isEmpty()) {
            log.warn("Job {} was scheduled but does not exist; dropping its task", jobId);
            return Claim.nothing();
        }
        TrainingJobEntity job = found.get();
        if (job.getStatus().isTerminal()) {
            return Claim.nothing();
        }
        Instant now = now();
        closeOpenAttempt(job, Outcome.LOST, now);
        if (job.isCancelRequested()) {
            job.cancel(now);
            events.publishEvent(new JobEnded(jobId, JobStatus.CANCELLED, now));
            return Claim.nothing();
        }
        if (job.getAttempts() >= properties.maxAttempts()) {
            job.fail(
                    "the job was started " + job.getAttempts() + " times and its worker was lost each time "
                            + "(dropwise.training.max-attempts); giving up",
                    now);
            events.publishEvent(new JobEnded(jobId, JobStatus.FAILED, now));
            return Claim.nothing();
        }
        int attempt = job.start(worker, now);
        attempts.save(new JobAttemptEntity(jobId, attempt, worker, now));
        return new Claim(
                true,
                attempt,
                job.getName(),
                job.getDatasetId(),
                job.getSpecJson(),
                job.getSplitJson(),
                job.getFold() != null ? job.getSweepId() : null);
    }

    /**
     * Gets a job ready to continue after {@code epoch} (0: from scratch): later metrics (they will be recomputed,
     * identically) are removed and progress and best epoch are set back.
     *
     * @param bestEpoch the engine's best epoch at that point (0: none)
     */
    @Transactional
    void prepareRun(String jobId, int attempt, int epoch, int batch, boolean resumed, int bestEpoch) {
        metrics.deleteAfter(jobId, epoch);
        if (jobs.recordProgress(jobId, attempt, epoch, bestEpoch > 0 ? bestEpoch : null, now()) == 0) {
            throw new FencedException(jobId, attempt);
        }
        if (resumed) {
            attempts.findByJobIdAndAttempt(jobId, attempt).ifPresent(a -> a.resumedFrom(epoch, batch));
        }
    }

    /** Stores one epoch's metrics and the job's progress, with the best epoch as the engine reports it. */
    @Transactional
    void recordEpoch(String jobId, int attempt, EpochMetrics epoch, int bestEpoch) {
        save(jobId, attempt, new EpochMetricEntity(jobId, attempt, epoch, now()), epoch, bestEpoch);
    }

    /**
     * {@link #recordEpoch(String, int, EpochMetrics, int)} with the service's part of the epoch's time; for a sweep's
     * fold job ({@code sweepId} not null) also publishes {@link SweepEpochRecorded} in the transaction.
     */
    @Transactional
    void recordEpoch(
            String jobId,
            int attempt,
            EpochMetrics epoch,
            int bestEpoch,
            long checkpointMillis,
            long persistenceMillis,
            String sweepId) {
        EpochMetricEntity row =
                new EpochMetricEntity(jobId, attempt, epoch, now()).timed(epoch, checkpointMillis, persistenceMillis);
        save(jobId, attempt, row, epoch, bestEpoch);
        if (sweepId != null) {
            events.publishEvent(new SweepEpochRecorded(sweepId, jobId, epoch.epoch()));
        }
    }

    private void save(String jobId, int attempt, EpochMetricEntity row, EpochMetrics epoch, int bestEpoch) {
        metrics.save(row);
        if (jobs.recordProgress(jobId, attempt, epoch.epoch(), bestEpoch > 0 ? bestEpoch : null, now()) == 0) {
            throw new FencedException(jobId, attempt);
        }
    }

    /** Records on the attempt something it ran into that did not stop it. */
    @Transactional
    void noteAttempt(String jobId, int attempt, String note) {
        attempts.findByJobIdAndAttempt(jobId, attempt).ifPresent(a -> a.note(note));
    }

    /**
     * Marks the job SUCCEEDED and, in the same transaction, publishes {@link JobSucceeded} (the model registry
     * registers the version and links it back through {@link JobModelLink}).
     */
    @Transactional
    void succeed(String jobId, int attempt, TrainingResult result, byte[] modelData, DatasetSchema schema) {
        TrainingJobEntity job = owned(jobId, attempt);
        Instant now = now();
        int epochsRun = job.getCurrentEpoch();
        job.succeed(result.bestEpoch(), epochsRun, now);
        endAttempt(jobId, attempt, Outcome.SUCCEEDED, now);
        if (job.getFold() != null) {
            // a sweep's fold job: its model only scores the fold, the sweep's refit job registers the chosen one
            events.publishEvent(new JobEnded(jobId, JobStatus.SUCCEEDED, now));
            return;
        }
        events.publishEvent(new JobSucceeded(
                jobId,
                job.getName(),
                job.getDatasetId(),
                job.getSpecJson(),
                schema,
                modelData,
                result.bestEpoch(),
                result.bestMetrics(),
                now));
        events.publishEvent(new JobEnded(jobId, JobStatus.SUCCEEDED, now));
    }

    @Transactional
    void fail(String jobId, int attempt, String error) {
        TrainingJobEntity job = owned(jobId, attempt);
        Instant now = now();
        job.fail(error, now);
        endAttempt(jobId, attempt, Outcome.FAILED, now);
        events.publishEvent(new JobEnded(jobId, JobStatus.FAILED, now));
    }

    @Transactional
    void cancelled(String jobId, int attempt) {
        TrainingJobEntity job = owned(jobId, attempt);
        Instant now = now();
        job.cancel(now);
        endAttempt(jobId, attempt, Outcome.CANCELLED, now);
        events.publishEvent(new JobEnded(jobId, JobStatus.CANCELLED, now));
    }

    /** Graceful shutdown: the job goes back to the queue; the next worker resumes from the stop checkpoint. */
    @Transactional
    void requeue(String jobId, int attempt) {
        TrainingJobEntity job = owned(jobId, attempt);
        Instant now = now();
        job.requeue(now);
        endAttempt(jobId, attempt, Outcome.REQUEUED, now);
    }

    /** This worker lost the job to another one: only its attempt is closed. */
    @Transactional
    void fenced(String jobId, int attempt) {
        endAttempt(jobId, attempt, Outcome.FENCED, now());
    }

    /**
     * The job's worker stopped sending heartbeats (crash, kill, lost connection): back to QUEUED with its attempt
     * closed as LOST. The next worker resumes from the last checkpoint.
     */
    @Transactional
    void requeueLost(String jobId) {
        jobs.findById(jobId).ifPresent(job -> {
            if (job.getStatus() == JobStatus.RUNNING) {
                Instant now = now();
                String worker = job.getWorker();
                closeOpenAttempt(job, Outcome.LOST, now);
                job.requeue(now);
                log.warn("Job {}: worker {} stopped sending heartbeats; back to the queue", jobId, worker);
            }
        });
    }

    private TrainingJobEntity owned(String jobId, int attempt) {
        TrainingJobEntity job = jobs.findById(jobId).orElseThrow(() -> new FencedException(jobId, attempt));
        if (job.getStatus() != JobStatus.RUNNING || job.getAttempts() != attempt) {
            throw new FencedException(jobId, attempt);
        }
        return job;
    }

    private void closeOpenAttempt(TrainingJobEntity job, Outcome outcome, Instant now) {
        if (job.getAttempts() > 0) {
            attempts.findByJobIdAndAttempt(job.getId(), job.getAttempts())
                    .filter(a -> a.getEndedAt() == null)
                    .ifPresent(a -> a.end(outcome, now));
        }
    }

    private void endAttempt(String jobId, int attempt, Outcome outcome, Instant now) {
        attempts.findByJobIdAndAttempt(jobId, attempt).ifPresent(a -> a.end(outcome, now));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
