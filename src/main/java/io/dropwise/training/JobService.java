package io.dropwise.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.dropwise.config.LimitsProperties;
import io.dropwise.config.TrainingProperties;
import io.dropwise.dataset.DatasetInUseCheck;
import io.dropwise.dataset.DatasetProvider;
import io.dropwise.web.ApiException;
import io.dropwise.web.PageView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submitting, reading and cancelling jobs. A submission inserts the job and schedules its db-scheduler execution in
 * one transaction on the same DataSource (db-scheduler's starter wraps it in a
 * {@code TransactionAwareDataSourceProxy}), so a job is queued if and only if the submission committed; after the
 * commit the local scheduler is woken up so the job starts without waiting for the next poll.
 */
@Service
class JobService implements DatasetInUseCheck, JobModelLink {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final int CANCEL_TRIES = 3;

    private final TrainingJobRepository jobs;
    private final EpochMetricRepository metrics;
    private final CheckpointRepository checkpoints;
    private final DatasetProvider datasets;
    private final Scheduler scheduler;
    private final RunningJobs running;
    private final LimitsProperties limits;
    private final TrainingProperties properties;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final TrainingBudget budget;
    private final SecureRandom random = new SecureRandom();

    JobService(TrainingJobRepository jobs, EpochMetricRepository metrics, CheckpointRepository checkpoints,
            DatasetProvider datasets, Scheduler scheduler, RunningJobs running, LimitsProperties limits,
            TrainingProperties properties, JsonMapper json, PlatformTransactionManager transactionManager,
            TrainingBudget budget) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.datasets = datasets;
        this.scheduler = scheduler;
        this.running = running;
        this.limits = limits;
        this.properties = properties;
        this.json = json;
        this.transactions = new TransactionTemplate(transactionManager);
        this.budget = budget;
    }

    /** The result of a submission: the job, and whether this request created it (false: idempotent replay). */
    record Submitted(JobView job, boolean created) {}

    /**
     * Validates and normalizes the spec, then queues the job.
     *
     * @throws InvalidJobSpecException 400 listing every invalid field
     * @throws ApiException 429 when {@code dropwise.limits.max-queued-jobs} jobs are queued, 422 when the
     *     idempotency key was used for a different spec
     */
    Submitted submit(JobSpec request, String idempotencyKey) {
        return submit(request, idempotencyKey, limits.maxQueuedJobs());
    }

    /** {@link #submit(JobSpec, String)} with an explicit queue bound. */
    Submitted submit(JobSpec request, String idempotencyKey, int maxQueuedJobs) {
        String key = idempotencyKey(idempotencyKey);
        JobSpecs.Plan plan = JobSpecs.normalize(request, datasets::describe, limits, properties.blasThreads());
        budget.check(plan);
        String specJson = json.writeValueAsString(plan.spec());
        String hash = sha256(specJson);
        if (key != null) {
            Optional<Submitted> replay = replay(key, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        try {
            TrainingJobEntity job = transactions.execute(tx -> insert(plan.spec(), specJson, key, hash, maxQueuedJobs));
            log.info("Job {} queued: '{}' on dataset {}, {} epochs", job.getId(), job.getName(), job.getDatasetId(),
                    job.getEpochs());
            return new Submitted(view(job), true);
        } catch (DataIntegrityViolationException e) {
            if (key != null) {
                Optional<Submitted> replay = replay(key, hash);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            throw e;
        }
    }

    private TrainingJobEntity insert(JobSpec spec, String specJson, String key, String hash, int maxQueuedJobs) {
        jobs.lockQueue();
        long queued = jobs.countByStatus(JobStatus.QUEUED);
        if (queued >= maxQueuedJobs) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Too many queued jobs",
                    queued + " jobs are waiting for a worker, the most this service queues "
                            + "(dropwise.limits.max-queued-jobs). Retry after " + properties.retryAfterSeconds()
                            + " seconds, or cancel queued jobs.")
                    .with("queued", queued)
                    .with("retryAfterSeconds", properties.retryAfterSeconds())
                    .header("Retry-After", Integer.toString(properties.retryAfterSeconds()));
        }
        TrainingJobEntity job = new TrainingJobEntity(newId(), spec.name(), spec.datasetId(), specJson,
                spec.training().epochs(), key, hash, now());
        jobs.saveAndFlush(job);
        scheduler.scheduleIfNotExists(new TaskInstance<Void>(TrainingConfiguration.TASK, job.getId()), Instant.now());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                scheduler.triggerCheckForDueExecutions();
            }
        });
        return job;
    }

    private Optional<Submitted> replay(String key, String hash) {
        return jobs.findByIdempotencyKey(key).map(existing -> {
            if (!existing.getRequestHash().equals(hash)) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                        "Idempotency key reused",
                        "The Idempotency-Key '" + key + "' was already used for job " + existing.getId()
                                + " with a different spec. Use a new key for a different job.")
                        .with("jobId", existing.getId());
            }
            return new Submitted(view(existing), false);
        });
    }

    @Transactional(readOnly = true)
    JobView get(String id) {
        return view(find(id));
    }

    @Transactional(readOnly = true)
    PageView<JobSummaryView> list(JobStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        Page<TrainingJobEntity> result =
                status == null ? jobs.findAll(request) : jobs.findByStatus(status, request);
        return PageView.of(result, this::summary);
    }

    @Transactional(readOnly = true)
    JobMetricsView metrics(String id) {
        TrainingJobEntity job = find(id);
        return new JobMetricsView(id, job.getStatus(),
                metrics.findByJobIdOrderByEpoch(id).stream().map(EpochMetricEntity::view).toList());
    }

    @Transactional(readOnly = true)
    JobCheckpointsView checkpoints(String id) {
        find(id);
        return new JobCheckpointsView(id, checkpoints.infos(id).stream().map(CheckpointView::of).toList());
    }

    /**
     * Cancels a job: a queued one at once, a running one at its next batch boundary (on whichever instance trains
     * it). Cancelling a cancelled job is a no-op; a job that succeeded or failed is a 409.
     */
    JobView cancel(String id) {
        for (int i = 1; ; i++) {
            try {
                JobView view = transactions.execute(tx -> requestCancel(id));
                if (view.status() == JobStatus.RUNNING) {
                    running.stop(id, RunningJobs.StopReason.CANCEL);
                }
                return view;
            } catch (OptimisticLockingFailureException e) {
                if (i == CANCEL_TRIES) {
                    throw e;
                }
            }
        }
    }

    private JobView requestCancel(String id) {
        TrainingJobEntity job = find(id);
        switch (job.getStatus()) {
            case SUCCEEDED, FAILED -> throw new ApiException(HttpStatus.CONFLICT, "job-finished", "Job finished",
                    "Job " + id + " is " + job.getStatus() + "; only a queued or running job can be cancelled.")
                    .with("status", job.getStatus());
            case QUEUED -> {
                job.cancel(now());
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
        return view(job);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean usedByActiveJob(String datasetId) {
        return jobs.existsByDatasetIdAndStatusIn(datasetId, List.of(JobStatus.QUEUED, JobStatus.RUNNING));
    }

    /** Records the model version a job produced; a job id that does not exist (a test event) is ignored. */
    @Override
    @Transactional
    public void attachModelVersion(String jobId, String modelName, int version) {
        jobs.findById(jobId).ifPresentOrElse(job -> job.attachModel(modelName, version),
                () -> log.warn("Model {} version {} names job {}, which does not exist", modelName, version, jobId));
    }

    private TrainingJobEntity find(String id) {
        return jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private JobView view(TrainingJobEntity job) {
        String id = job.getId();
        // the epoch the job row says is done, not the newest metric row: an epoch committed between the two reads
        // would otherwise show as latest while progress still names the one before
        EpochMetricView latest = job.getCurrentEpoch() == 0 ? null
                : metrics.findByJobIdAndEpoch(id, job.getCurrentEpoch()).map(EpochMetricEntity::view).orElse(null);
        EpochMetricView best = job.getBestEpoch() == null ? null
                : metrics.findByJobIdAndEpoch(id, job.getBestEpoch()).map(EpochMetricEntity::view).orElse(null);
        return new JobView(id, job.getName(), job.getDatasetId(), job.getStatus(), job.isCancelRequested(),
                progress(job), latest, job.getBestEpoch(), best, model(job), job.getError(), job.getAttempts(),
                job.getCreatedAt(), job.getStartedAt(), job.getFinishedAt(),
                json.readValue(job.getSpecJson(), JobSpec.class));
    }

    private JobSummaryView summary(TrainingJobEntity job) {
        return new JobSummaryView(job.getId(), job.getName(), job.getDatasetId(), job.getStatus(), progress(job),
                model(job), job.getAttempts(), job.getCreatedAt(), job.getStartedAt(), job.getFinishedAt());
    }

    private JobView.Progress progress(TrainingJobEntity job) {
        int epoch = job.getCurrentEpoch();
        int epochs = job.getEpochs();
        double fraction = job.getStatus() == JobStatus.SUCCEEDED ? 1.0 : Math.min(1.0, (double) epoch / epochs);
        Long eta = null;
        if (job.getStatus() == JobStatus.RUNNING && epoch > 0) {
            Double mean = metrics.averageEpochMillis(job.getId());
            if (mean != null) {
                eta = (long) Math.ceil(mean * Math.max(0, epochs - epoch) / 1000.0);
            }
        }
        return new JobView.Progress(epoch, epochs, fraction, eta);
    }

    private static JobView.ModelRef model(TrainingJobEntity job) {
        return job.getModelName() == null || job.getModelVersion() == null ? null
                : new JobView.ModelRef(job.getModelName(), job.getModelVersion());
    }

    private static String idempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                    "Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY + " visible ASCII characters (a UUID works).")
                    .with("errors", List.of(new io.dropwise.web.ProblemHandler.FieldProblem(
                            "Idempotency-Key", "must be 1-" + MAX_IDEMPOTENCY_KEY + " visible ASCII characters")));
        }
        return key;
    }

    private String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "job-" + HexFormat.of().formatHex(bytes);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
