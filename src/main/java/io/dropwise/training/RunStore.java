package io.dropwise.training;

import io.dropwise.config.TrainingProperties;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.engine.TrainingResult;
import io.dropwise.training.CheckpointEntity.Kind;
import io.dropwise.training.JobAttemptEntity.Outcome;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The worker side's writes, each one short transaction: claiming a job, recording an epoch, storing a checkpoint,
 * and the end of an attempt. Every write after the claim is fenced by the attempt number: when the job has been
 * given to another worker (its previous one was presumed dead) the write is refused with {@link FencedException}.
 */
@Component
class RunStore {

    private static final Logger log = LoggerFactory.getLogger(RunStore.class);

    private final TrainingJobRepository jobs;
    private final JobAttemptRepository attempts;
    private final EpochMetricRepository metrics;
    private final CheckpointRepository checkpoints;
    private final ApplicationEventPublisher events;
    private final TrainingProperties properties;

    RunStore(TrainingJobRepository jobs, JobAttemptRepository attempts, EpochMetricRepository metrics,
            CheckpointRepository checkpoints, ApplicationEventPublisher events, TrainingProperties properties) {
        this.jobs = jobs;
        this.attempts = attempts;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.events = events;
        this.properties = properties;
    }

    /** The outcome of {@link #claim}: run attempt {@code attempt} of this job, or nothing to do. */
    record Claim(boolean run, int attempt, String name, String datasetId, String specJson) {

        static Claim nothing() {
            return new Claim(false, 0, null, null, null);
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
            return Claim.nothing();
        }
        if (job.getAttempts() >= properties.maxAttempts()) {
            job.fail("the job was started " + job.getAttempts() + " times and its worker was lost each time "
                    + "(dropwise.training.max-attempts); giving up", now);
            return Claim.nothing();
        }
        int attempt = job.start(worker, now);
        attempts.save(new JobAttemptEntity(jobId, attempt, worker, now));
        return new Claim(true, attempt, job.getName(), job.getDatasetId(), job.getSpecJson());
    }

    /**
     * Gets a job ready to continue after {@code epoch} (0: from scratch): later metrics (they will be recomputed,
     * identically) are removed and progress and best epoch are set back.
     */
    @Transactional
    void prepareRun(String jobId, int attempt, int epoch, int batch, boolean resumed, boolean monitorAccuracy) {
        metrics.deleteAfter(jobId, epoch);
        Integer best = bestEpoch(metrics.findByJobIdOrderByEpoch(jobId), monitorAccuracy);
        if (jobs.recordProgress(jobId, attempt, epoch, best, now()) == 0) {
            throw new FencedException(jobId, attempt);
        }
        if (resumed) {
            attempts.findByJobIdAndAttempt(jobId, attempt).ifPresent(a -> a.resumedFrom(epoch, batch));
        }
    }

    /** Stores one epoch's metrics and the job's progress; the best epoch follows the early-stopping metric. */
    @Transactional
    void recordEpoch(String jobId, int attempt, EpochMetrics epoch, boolean monitorAccuracy) {
        EpochMetricEntity entity = metrics.save(new EpochMetricEntity(jobId, attempt, epoch, now()));
        List<EpochMetricEntity> all = new ArrayList<>(metrics.findByJobIdOrderByEpoch(jobId));
        if (all.stream().noneMatch(m -> m.getEpoch() == entity.getEpoch())) {
            all.add(entity);
        }
        if (jobs.recordProgress(jobId, attempt, epoch.epoch(), bestEpoch(all, monitorAccuracy), now()) == 0) {
            throw new FencedException(jobId, attempt);
        }
    }

    /**
     * Stores a checkpoint and applies retention: the newest {@code checkpoint-retention} are kept, and always the
     * final one and the one with the lowest validation loss.
     */
    @Transactional
    void saveCheckpoint(String jobId, int attempt, int epoch, int batch, double validationLoss, Kind kind,
            byte[] data) {
        if (jobs.touch(jobId, attempt, now()) == 0) {
            throw new FencedException(jobId, attempt);
        }
        checkpoints.save(new CheckpointEntity(jobId, attempt, epoch, batch, kind,
                EpochMetricEntity.finite(validationLoss), formatVersion(data), crc32(data), data, now()));
        List<Long> expired = expired(checkpoints.infos(jobId), properties.checkpointRetention());
        if (!expired.isEmpty()) {
            checkpoints.deleteAllByIdInBatch(expired);
        }
    }

    /** Marks the newest checkpoint of the job as the final one (after an early stop). */
    @Transactional
    void markLastCheckpointFinal(String jobId) {
        List<CheckpointInfo> infos = checkpoints.infos(jobId);
        if (!infos.isEmpty()) {
            checkpoints.markKind(infos.get(infos.size() - 1).id(), Kind.FINAL.name());
        }
    }

    /** The job's checkpoints, newest first, without blobs. */
    @Transactional(readOnly = true)
    List<CheckpointInfo> checkpointsNewestFirst(String jobId) {
        List<CheckpointInfo> infos = new ArrayList<>(checkpoints.infos(jobId));
        infos.sort(Comparator.comparingLong(CheckpointInfo::id).reversed());
        return infos;
    }

    /** Records on the attempt something it ran into that did not stop it. */
    @Transactional
    void noteAttempt(String jobId, int attempt, String note) {
        attempts.findByJobIdAndAttempt(jobId, attempt).ifPresent(a -> a.note(note));
    }

    /** A checkpoint's blob, or empty when it is gone or its CRC does not match. */
    @Transactional(readOnly = true)
    Optional<byte[]> checkpointData(long id) {
        return checkpoints.findById(id).flatMap(c -> {
            if (crc32(c.getData()) != c.getCrc32()) {
                log.warn("Checkpoint {} of job {} (epoch {}, batch {}) fails its CRC check; skipping it", id,
                        c.getJobId(), c.getEpoch(), c.getBatch());
                return Optional.empty();
            }
            return Optional.of(c.getData());
        });
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
        events.publishEvent(new JobSucceeded(jobId, job.getName(), job.getDatasetId(), job.getSpecJson(), schema,
                modelData, result.bestEpoch(), result.bestMetrics(), now));
    }

    @Transactional
    void fail(String jobId, int attempt, String error) {
        TrainingJobEntity job = owned(jobId, attempt);
        Instant now = now();
        job.fail(error, now);
        endAttempt(jobId, attempt, Outcome.FAILED, now);
    }

    @Transactional
    void cancelled(String jobId, int attempt) {
        TrainingJobEntity job = owned(jobId, attempt);
        Instant now = now();
        job.cancel(now);
        endAttempt(jobId, attempt, Outcome.CANCELLED, now);
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

    /**
     * The epoch the engine would keep: the lowest validation loss (or highest validation accuracy), the earliest on
     * ties; without a validation figure, the last epoch.
     */
    static Integer bestEpoch(List<EpochMetricEntity> epochs, boolean monitorAccuracy) {
        Integer best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (EpochMetricEntity m : epochs) {
            Double value = monitorAccuracy ? m.getValidationAccuracy() : m.getValidationLoss();
            if (value == null) {
                best = m.getEpoch();
                continue;
            }
            double score = monitorAccuracy ? -value : value;
            if (score < bestScore) {
                bestScore = score;
                best = m.getEpoch();
            }
        }
        return best;
    }

    /** Checkpoint ids to delete: all but the newest {@code keep}, the final ones and the lowest validation loss. */
    static List<Long> expired(List<CheckpointInfo> oldestFirst, int keep) {
        Set<Long> kept = new HashSet<>();
        for (int i = Math.max(0, oldestFirst.size() - keep); i < oldestFirst.size(); i++) {
            kept.add(oldestFirst.get(i).id());
        }
        oldestFirst.stream().filter(c -> Kind.FINAL.name().equals(c.kind())).forEach(c -> kept.add(c.id()));
        oldestFirst.stream()
                .filter(c -> c.validationLoss() != null)
                .min(Comparator.comparingDouble(CheckpointInfo::validationLoss))
                .ifPresent(c -> kept.add(c.id()));
        return oldestFirst.stream().map(CheckpointInfo::id).filter(id -> !kept.contains(id)).toList();
    }

    static long crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    /** The codec's format version: the big-endian int after the 4-byte magic. */
    static int formatVersion(byte[] data) {
        return data.length >= 8 ? ByteBuffer.wrap(data, 4, 4).getInt() : 0;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
