package io.dropwise.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Priority;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.dropwise.config.LimitsProperties;
import io.dropwise.config.TrainingProperties;
import io.dropwise.dataset.DatasetDescription;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the sweep feature needs from training, without reaching into its internals: the one job-spec check, queuing
 * a sweep's job (a fold job or the refit job) in the caller's transaction, and reading a sweep's jobs and their
 * epochs. Every method joins the caller's transaction (the sweep coordinator holds the sweep's row lock in it).
 */
@Component
public class SweepJobs {

    private final TrainingJobRepository jobs;
    private final SweepJobReads reads;
    private final JobDeletion deletion;
    private final Scheduler scheduler;
    private final JobSpecCodec specs;
    private final LimitsProperties limits;
    private final TrainingProperties properties;
    private final ApplicationEventPublisher events;
    private final RunningJobs running;
    private final TrainingMetrics trainingMetrics;
    private final TrainingBudget budget;
    private final SecureRandom random = new SecureRandom();

    SweepJobs(
            TrainingJobRepository jobs,
            SweepJobReads reads,
            JobDeletion deletion,
            Scheduler scheduler,
            JobSpecCodec specs,
            LimitsProperties limits,
            TrainingProperties properties,
            ApplicationEventPublisher events,
            RunningJobs running,
            TrainingMetrics trainingMetrics,
            TrainingBudget budget) {
        this.jobs = jobs;
        this.reads = reads;
        this.deletion = deletion;
        this.scheduler = scheduler;
        this.specs = specs;
        this.limits = limits;
        this.properties = properties;
        this.events = events;
        this.running = running;
        this.trainingMetrics = trainingMetrics;
        this.budget = budget;
    }

    /** A spec with every default filled in and every problem with it ({@link JobSpecs#check}). */
    public record SpecCheck(JobSpec spec, List<FieldProblem> problems) {}

    /**
     * What a sweep scores a job by: the validation figures of one epoch (the best epoch), or their best values up to
     * an epoch ({@link #bestsUpTo}); null where there is none (or it was not finite).
     *
     * @param gap validation loss minus train loss at that epoch; null for the bests up to an epoch
     */
    public record Metrics(Double validationLoss, Double validationAccuracy, Double validationRmse, Double gap) {}

    /**
     * A sweep's job as the coordinator sees it.
     *
     * @param best the metrics of its best epoch's row, null before it has one
     */
    public record SweepJob(
            String id,
            int trial,
            Integer fold,
            JobStatus status,
            int epochs,
            int currentEpoch,
            Integer bestEpoch,
            String cancelReason,
            String modelName,
            Integer modelVersion,
            String error,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Metrics best) {}

    /**
     * The one validation of a job spec (a plain function, no database), then, for a valid spec, the training budget
     * a submission checks too (checkpoint size, heap), so a sweep's jobs meet every rule a {@code POST /jobs} does.
     */
    public SpecCheck check(JobSpec request, DatasetDescription dataset) {
        JobSpecs.Checked checked = JobSpecs.check(request, dataset, limits, properties.blasThreads());
        if (checked.problems().isEmpty() && dataset != null) {
            JobSpec spec = checked.spec();
            try {
                budget.check(new JobSpecs.Plan(
                        spec, EngineSpecs.network(spec, dataset.schema()), EngineSpecs.training(spec)));
            } catch (InvalidJobSpecException e) {
                @SuppressWarnings("unchecked")
                List<FieldProblem> errors =
                        (List<FieldProblem>) e.getBody().getProperties().get("errors");
                return new SpecCheck(spec, errors);
            }
        }
        return new SpecCheck(checked.spec(), checked.problems());
    }

    public String write(JobSpec spec) {
        return specs.write(spec);
    }

    public JobSpec read(String stored) {
        return specs.read(stored);
    }

    /**
     * The db-scheduler priority of a sweep's fold jobs ({@code db-scheduler.priority-enabled}): below every other
     * execution's (the default, {@link Priority#MEDIUM}), so queued fold jobs run when nothing else is due.
     */
    public static final int FOLD_PRIORITY = Priority.LOW;

    /**
     * Jobs waiting for a worker, the figure {@code dropwise.limits.max-queued-jobs} bounds, counted under the queue
     * lock that {@code POST /jobs} and a dataset's deletion take too (held until the caller's transaction ends): what
     * a sweep then queues fits next to what every instance has queued, and its dataset cannot be deleted meanwhile.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long lockQueueAndCount() {
        jobs.lockQueue();
        return jobs.countByStatus(JobStatus.QUEUED);
    }

    /**
     * The queue places sweeps may fill: {@code dropwise.limits.max-queued-jobs} less a quarter of it, which stays
     * free for jobs posted by hand, so that no sweep locks other users out with 429s while its trials wait.
     */
    public int sweepQueuePlaces() {
        int max = limits.maxQueuedJobs();
        return max - max / 4;
    }

    /**
     * Queues a sweep's job in the caller's transaction (it commits with the sweep's progress, or not at all). A fold
     * job has the queue's low priority ({@link #FOLD_PRIORITY}): a job, batch or refit posted later still starts
     * before the sweep's queued fold jobs, so that a sweep never holds other users' work up behind its trials.
     *
     * @param fold the fold the job validates on, null for the refit job (trains on every row, registers the model)
     * @param split the fold's split, null for the refit job
     * @return the job's id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String submit(JobSpec spec, String sweepId, int trial, Integer fold, FoldSplit split) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        String id = "job-" + HexFormat.of().formatHex(bytes);
        String json = specs.write(spec);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        TrainingJobEntity job = new TrainingJobEntity(
                id, spec.name(), spec.datasetId(), json, spec.training().epochs(), null, null, "sweep", now);
        job.partOfSweep(sweepId, trial, fold, split == null ? null : split.json());
        jobs.saveAndFlush(job);
        TaskInstance<Void> task = new TaskInstance.Builder<Void>(TrainingConfiguration.TASK, id)
                .priority(fold == null ? Priority.MEDIUM : FOLD_PRIORITY)
                .build();
        scheduler.scheduleIfNotExists(task, Instant.now());
        afterCommit(scheduler::triggerCheckForDueExecutions);
        return id;
    }

    /** The sweep's jobs (fold jobs and refit job) by trial and fold, each with its best epoch's metrics. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<SweepJob> jobs(String sweepId) {
        return reads.jobs(sweepId);
    }

    /** The sweep a job belongs to, null for a job submitted on its own (or an unknown job). */
    @Transactional(propagation = Propagation.MANDATORY)
    public String sweepOf(String jobId) {
        return jobs.findById(jobId).map(TrainingJobEntity::getSweepId).orElse(null);
    }

    /** The last epoch each of these jobs recorded; a job that recorded none is absent. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, Integer> lastEpochs(Collection<String> jobIds) {
        return reads.lastEpochs(jobIds);
    }

    /**
     * Per fold job of the sweep, the best of each validation figure over its epochs up to {@code epoch} (lowest loss
     * and RMSE, highest accuracy), computed by the database; a job with no epoch up to there is absent.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, Metrics> bestsUpTo(String sweepId, int epoch) {
        return reads.bestsUpTo(sweepId, epoch);
    }

    /**
     * Deletes every job of the sweep in the caller's transaction (the sweep's deletion), as {@code DELETE /jobs/{id}}
     * does: rows, attempts, epochs, checkpoints made invisible; the refit's model version stays (marked as having
     * lost its source job). Every job must have ended.
     *
     * @return what to pass to {@link #deleteCheckpointData} once the transaction committed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Long> deleteJobs(String sweepId) {
        return deletion.removeSweepJobs(sweepId);
    }

    /** After {@link #deleteJobs} committed: deletes the checkpoints' data, a few rows per transaction. */
    public void deleteCheckpointData(List<Long> checkpoints) {
        deletion.deleteChunks(checkpoints);
    }

    /**
     * Cancels a sweep's job in the caller's transaction, noting why: a queued job ends CANCELLED now, a running one
     * stops at its next batch boundary (on whichever instance runs it). A finished job is left alone.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void cancel(String jobId, String reason) {
        TrainingJobEntity job = jobs.findById(jobId).orElse(null);
        if (job == null || job.getStatus().isTerminal()) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        job.cancelReason(reason);
        if (job.getStatus() == JobStatus.QUEUED) {
            job.cancel(now);
            events.publishEvent(new JobEnded(jobId, JobStatus.CANCELLED, now));
            afterCommit(() -> trainingMetrics.finished(JobStatus.CANCELLED));
        } else if (!job.isCancelRequested()) {
            job.requestCancel(now);
            afterCommit(() -> running.stop(jobId, RunningJobs.StopReason.CANCEL));
        }
        jobs.saveAndFlush(job);
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
