package io.dropwise.training;

import io.dropwise.config.TrainingProperties;
import io.dropwise.dataset.DatasetProvider;
import io.dropwise.dataset.LoadedDataset;
import io.dropwise.engine.Checkpoint;
import io.dropwise.engine.ModelCodec;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingResult;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.training.RunStore.Claim;
import io.dropwise.training.RunStore.FencedException;
import io.dropwise.training.RunningJobs.Run;
import io.dropwise.training.RunningJobs.StopReason;
import io.dropwise.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one attempt of a job on a db-scheduler worker thread: claims it, loads its dataset, trains from scratch or
 * resumes from the newest readable checkpoint on its share of the cores ({@link ThreadShares}), writes every epoch and
 * checkpoint in its own short transaction on the run's writer thread ({@link RunWriter}), and records how the
 * attempt ended once those writes are done. Never runs on a request thread, never inside one long transaction.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final int CLAIM_TRIES = 3;

    /** What the db-scheduler task does with its execution after an attempt. */
    enum Next {
        /** The job reached a terminal status (or there was nothing to do): remove the task. */
        DONE,
        /** The job went back to the queue (shutdown): run the task again, on any instance. */
        REQUEUE,
        /** Another worker owns the job now: leave the execution alone. */
        ABANDON,
        /** The database failed under the attempt: run the task again later; it resumes from a checkpoint. */
        RETRY
    }

    private final RunStore store;
    private final CheckpointStore checkpoints;
    private final DatabaseHealthIndicator database;
    private final RunningJobs running;
    private final DatasetProvider datasets;
    private final TrainingMetrics metrics;
    private final TrainingProperties properties;
    private final JobSpecCodec specs;
    private final ThreadShares threads;
    private final TransactionTemplate transactions;

    JobRunner(
            RunStore store,
            CheckpointStore checkpoints,
            RunningJobs running,
            DatasetProvider datasets,
            TrainingMetrics metrics,
            TrainingProperties properties,
            JobSpecCodec specs,
            DatabaseHealthIndicator database,
            ThreadShares threads,
            PlatformTransactionManager transactionManager) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.database = database;
        this.running = running;
        this.datasets = datasets;
        this.metrics = metrics;
        this.properties = properties;
        this.specs = specs;
        this.threads = threads;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Runs one attempt of the job.
     *
     * @param schedulerStopping true when the scheduler running this attempt is shutting down
     */
    Next run(String jobId, BooleanSupplier schedulerStopping) {
        if (running.isShuttingDown()) {
            return Next.REQUEUE;
        }
        Claim claim = claim(jobId);
        if (!claim.run()) {
            return Next.DONE;
        }
        Run run = running.register(jobId, claim.attempt());
        try {
            log.info("Job {} attempt {} started on {}", jobId, claim.attempt(), properties.instanceId());
            return train(run, claim, () -> {
                if (!run.stopRequested() && schedulerStopping.getAsBoolean()) {
                    run.stop(StopReason.SHUTDOWN);
                }
                return run.stopRequested();
            });
        } finally {
            running.unregister(run);
        }
    }

    private Claim claim(String jobId) {
        for (int i = 1; ; i++) {
            try {
                return store.claim(jobId, properties.instanceId());
            } catch (OptimisticLockingFailureException e) {
                if (i == CLAIM_TRIES) {
                    throw e;
                }
                log.debug("Job {} changed while being claimed; trying again", jobId);
            }
        }
    }

    private Next train(Run run, Claim claim, BooleanSupplier stop) {
        String jobId = run.jobId;
        int attempt = run.attempt;
        try (RunWriter writer = new RunWriter(jobId, rows -> transactions.executeWithoutResult(tx -> rows.run()))) {
            JobSpec spec = specs.read(claim.specJson());
            LoadedDataset dataset = datasets.load(claim.datasetId());
            NetworkSpec network = EngineSpecs.network(spec, dataset.schema());
            TrainingSpec training = EngineSpecs.training(spec);
            RunListener listener = new RunListener(
                    run,
                    training.epochs(),
                    store,
                    checkpoints,
                    metrics,
                    writer,
                    claim.sweepId(),
                    properties.checkpointInterval(),
                    System::nanoTime);
            int[] validationRows = FoldSplit.validationRows(claim.splitJson(), dataset.data());
            List<String> skipped = new ArrayList<>();
            Optional<Checkpoint> checkpoint = attempt > 1 ? newestCheckpoint(jobId, skipped) : Optional.empty();
            if (!skipped.isEmpty()) {
                store.noteAttempt(jobId, attempt, String.join("; ", skipped));
            }
            // a failed background write stops the run at its next batch; the failure is thrown at the next hand-over
            BooleanSupplier stopOrFailed = () -> writer.failed() || stop.getAsBoolean();
            int cap = training.blasThreads() > 0 ? training.blasThreads() : threads.cores();
            TrainingResult result;
            try (ThreadShares.Share share =
                    threads.join(jobId, Math.min(cap, Trainer.usefulThreads(network, training.batchSize())))) {
                if (checkpoint.isPresent()) {
                    Checkpoint c = checkpoint.get();
                    log.info("Job {} attempt {} resumes from epoch {} batch {}", jobId, attempt, c.epoch(), c.batch());
                    store.prepareRun(jobId, attempt, c.epoch(), c.batch(), true, c.bestEpoch());
                    result = Trainer.resume(c, dataset.data(), validationRows, listener, stopOrFailed, share);
                } else {
                    store.prepareRun(jobId, attempt, 0, 0, attempt > 1, 0);
                    result = new Trainer(network, training)
                            .fit(dataset.data(), validationRows, listener, stopOrFailed, share);
                }
                listener.flush();
            } catch (RuntimeException e) {
                // what the run reported is written first (a diverged epoch's row too), or that failure is what counts
                try {
                    listener.flush();
                } finally {
                    writer.drain();
                }
                throw e;
            }
            writer.drain();
            return finish(run, result, dataset);
        } catch (FencedException e) {
            log.warn("Job {} attempt {}: {}; stopping without further writes", jobId, attempt, e.getMessage());
            store.fenced(jobId, attempt);
            return Next.ABANDON;
        } catch (DataAccessException | TransactionException e) {
            if (database.failed(e)) {
                // no write can succeed: stop; once the database answers, the lapsed execution resumes the job
                log.warn("Job {} attempt {} stopped: the database is down", jobId, attempt);
                return Next.ABANDON;
            }
            // not the job's fault: try again later, from the last checkpoint
            log.warn(
                    "Job {} attempt {}: the database failed ({}); the job will be retried",
                    jobId,
                    attempt,
                    e.getMessage());
            store.requeue(jobId, attempt);
            return Next.RETRY;
        } catch (RuntimeException e) {
            return failed(run, e);
        }
    }

    private Next finish(Run run, TrainingResult result, LoadedDataset dataset) {
        String jobId = run.jobId;
        if (result.outcome() == TrainingResult.Outcome.STOPPED) {
            StopReason reason = run.stopReason() != null ? run.stopReason() : StopReason.SHUTDOWN;
            switch (reason) {
                case CANCEL -> {
                    store.cancelled(jobId, run.attempt);
                    metrics.finished(JobStatus.CANCELLED);
                    log.info("Job {} cancelled", jobId);
                    return Next.DONE;
                }
                case SHUTDOWN -> {
                    store.requeue(jobId, run.attempt);
                    log.info("Job {} checkpointed and back in the queue (shutdown)", jobId);
                    return Next.REQUEUE;
                }
                default -> {
                    store.fenced(jobId, run.attempt);
                    return Next.ABANDON;
                }
            }
        }
        if (result.outcome() == TrainingResult.Outcome.EARLY_STOPPED) {
            checkpoints.markLastFinal(jobId);
        }
        byte[] model = ModelCodec.encode(result.model());
        store.succeed(jobId, run.attempt, result, model, dataset.schema());
        metrics.finished(JobStatus.SUCCEEDED);
        log.info("Job {} succeeded: best epoch {} ({})", jobId, result.bestEpoch(), result.outcome());
        return Next.DONE;
    }

    private Next failed(Run run, RuntimeException e) {
        String message = e instanceof ApiException api && api.getBody().getDetail() != null
                ? api.getBody().getDetail()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof IllegalArgumentException || e instanceof ApiException) {
            // the spec or the data: the message says it all
            log.warn("Job {} attempt {} failed: {}", run.jobId, run.attempt, message);
        } else {
            log.warn("Job {} attempt {} failed: {}", run.jobId, run.attempt, message, e);
        }
        try {
            store.fail(run.jobId, run.attempt, message);
            metrics.finished(JobStatus.FAILED);
            return Next.DONE;
        } catch (FencedException fenced) {
            store.fenced(run.jobId, run.attempt);
            return Next.ABANDON;
        }
    }

    /**
     * The newest checkpoint that decodes (its checksum is checked as it streams in); older ones are tried when a
     * newer one is damaged, and each one skipped is added to {@code skipped} (noted on the attempt).
     */
    private Optional<Checkpoint> newestCheckpoint(String jobId, List<String> skipped) {
        for (CheckpointInfo info : checkpoints.newestFirst(jobId)) {
            try {
                return Optional.of(checkpoints.read(info));
            } catch (IllegalArgumentException e) {
                log.warn(
                        "Checkpoint {} of job {} (epoch {}) cannot be read: {}; trying an older one",
                        info.id(),
                        jobId,
                        info.epoch(),
                        e.getMessage());
                skipped.add("checkpoint " + info.id() + " (epoch " + info.epoch() + ") unreadable, skipped: "
                        + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
