package io.dropwise.training;

import io.dropwise.web.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a finished job: one transaction (the job row locked) removes the job, its attempts and epoch metrics,
 * makes its checkpoints invisible and publishes {@link JobDeleted} (the registry marks the job's model versions,
 * which stay); then the checkpoints' chunk rows are deleted a few at a time. A crash in between leaves invisible
 * checkpoints of a job that no longer exists, which checkpoint compaction removes. Open SSE streams of the job end
 * at their next poll, on every instance (the job is gone). The job's {@code Idempotency-Key} is free again.
 */
@Component
class JobDeletion {

    private static final Logger log = LoggerFactory.getLogger(JobDeletion.class);

    private final TrainingJobRepository jobs;
    private final CheckpointChunks chunks;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    JobDeletion(
            TrainingJobRepository jobs,
            CheckpointChunks chunks,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
    }

    /**
     * Deletes the job.
     *
     * @throws JobNotFoundException for an unknown job
     * @throws ApiException 409 {@code job-not-finished} for a queued or running job, {@code job-in-sweep} for a
     *     sweep's trial job
     */
    void delete(String id) {
        List<Long> checkpoints = transactions.execute(tx -> {
            TrainingJobEntity job = jobs.lock(id).orElseThrow(() -> new JobNotFoundException(id));
            if (!job.getStatus().isTerminal()) {
                throw new ApiException(
                                HttpStatus.CONFLICT,
                                "job-not-finished",
                                "Job not finished",
                                "Job " + id + " is " + job.getStatus() + "; only a finished job (SUCCEEDED, FAILED or "
                                        + "CANCELLED) can be deleted. Cancel it first: POST /jobs/" + id + "/cancel.")
                        .with("jobStatus", job.getStatus());
            }
            if (job.getSweepId() != null) {
                // its fold scores are the sweep's leaderboard: a sweep's jobs stay as long as the sweep
                throw new ApiException(
                                HttpStatus.CONFLICT,
                                "job-in-sweep",
                                "Job belongs to a sweep",
                                "Job " + id + " is trial " + job.getTrial() + " of sweep " + job.getSweepId()
                                        + "; its scores make up the sweep's leaderboard, so it cannot be deleted "
                                        + "on its own.")
                        .with("sweepId", job.getSweepId());
            }
            return remove(job);
        });
        checkpoints.forEach(chunks::delete);
        log.info("Job {} deleted ({} checkpoints)", id, checkpoints.size());
    }

    /** Deletes the job if it is still there and finished (retention); false when it was not. */
    boolean deleteIfFinished(String id) {
        List<Long> checkpoints = transactions.execute(tx -> jobs.lock(id)
                .filter(job -> job.getStatus().isTerminal())
                .map(this::remove)
                .orElse(null));
        if (checkpoints == null) {
            return false;
        }
        checkpoints.forEach(chunks::delete);
        return true;
    }

    /**
     * In the caller's transaction (the deletion of their sweep): removes every job of the sweep as {@link #delete}
     * does, each row locked; a job already gone is skipped. The caller has checked that every one is finished.
     *
     * @return the checkpoints whose chunk rows {@link #deleteChunks} deletes once the caller's transaction committed
     * @throws IllegalStateException for a job that is not finished (the transaction must roll back)
     */
    List<Long> removeSweepJobs(String sweepId) {
        List<Long> checkpoints = new ArrayList<>();
        for (TrainingJobEntity listed : jobs.findBySweepId(sweepId)) {
            TrainingJobEntity job = jobs.lock(listed.getId()).orElse(null);
            if (job == null) {
                continue;
            }
            if (!job.getStatus().isTerminal()) {
                throw new IllegalStateException(
                        "job " + job.getId() + " of sweep " + sweepId + " is " + job.getStatus());
            }
            checkpoints.addAll(remove(job));
        }
        log.info("Sweep {}: its jobs deleted ({} checkpoints)", sweepId, checkpoints.size());
        return checkpoints;
    }

    /** Deletes these checkpoints' chunk rows, a few per transaction (after the removal of their jobs committed). */
    void deleteChunks(List<Long> checkpoints) {
        checkpoints.forEach(chunks::delete);
    }

    private List<Long> remove(TrainingJobEntity job) {
        String id = job.getId();
        List<Long> checkpoints = jdbc.queryForList("select id from checkpoint where job_id = ?", Long.class, id);
        jdbc.update("update checkpoint set chunks = null where job_id = ?", id);
        jdbc.update("delete from epoch_metric where job_id = ?", id);
        jdbc.update("delete from job_attempt where job_id = ?", id);
        jobs.delete(job);
        jobs.flush();
        events.publishEvent(new JobDeleted(id, job.getStatus(), Instant.now().truncatedTo(ChronoUnit.MICROS)));
        return checkpoints;
    }
}
