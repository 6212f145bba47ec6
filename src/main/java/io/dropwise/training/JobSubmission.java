package io.dropwise.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.dropwise.config.LimitsProperties;
import io.dropwise.config.TrainingProperties;
import io.dropwise.dataset.DatasetProvider;
import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import io.dropwise.webhook.Notify;
import io.dropwise.webhook.Webhooks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submitting jobs: validation ({@link JobSpecs}), idempotency, admission (the queue bound, 429) and scheduling. The
 * job and its db-scheduler execution are inserted in one transaction on the same DataSource (db-scheduler's starter
 * wraps it in a {@code TransactionAwareDataSourceProxy}), so a job is queued if and only if the submission committed;
 * after the commit the local scheduler is woken up so the job starts without waiting for the next poll.
 */
@Service
class JobSubmission {

    private static final Logger log = LoggerFactory.getLogger(JobSubmission.class);

    private final TrainingJobRepository jobs;
    private final DatasetProvider datasets;
    private final Scheduler scheduler;
    private final IdempotencyKeys idempotencyKeys;
    private final JobQueries queries;
    private final JobSpecCodec specs;
    private final LimitsProperties limits;
    private final TrainingProperties properties;
    private final TransactionTemplate transactions;
    private final TrainingBudget budget;
    private final Webhooks webhooks;
    private final SecureRandom random = new SecureRandom();

    JobSubmission(
            TrainingJobRepository jobs,
            DatasetProvider datasets,
            Scheduler scheduler,
            IdempotencyKeys idempotencyKeys,
            JobQueries queries,
            JobSpecCodec specs,
            LimitsProperties limits,
            TrainingProperties properties,
            PlatformTransactionManager transactionManager,
            TrainingBudget budget,
            Webhooks webhooks) {
        this.jobs = jobs;
        this.datasets = datasets;
        this.scheduler = scheduler;
        this.idempotencyKeys = idempotencyKeys;
        this.queries = queries;
        this.specs = specs;
        this.limits = limits;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.budget = budget;
        this.webhooks = webhooks;
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
        IdempotencyKeys.Key key = idempotencyKeys.parse(idempotencyKey);
        JobSpecs.Plan plan = normalize(request);
        budget.check(plan);
        String hash = fingerprint(plan.spec());
        if (key != null) {
            Optional<Submitted> replay = replay(key, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        try {
            TrainingJobEntity job = transactions.execute(tx -> insert(plan.spec(), key, hash, maxQueuedJobs));
            log.info(
                    "Job {} queued: '{}' on dataset {}, {} epochs",
                    job.getId(),
                    job.getName(),
                    job.getDatasetId(),
                    job.getEpochs());
            return new Submitted(transactions.execute(tx -> queries.view(job)), true);
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

    /** {@link JobSpecs#normalize} and the {@code notify} check, every problem reported at once. */
    private JobSpecs.Plan normalize(JobSpec request) {
        List<FieldProblem> notifyProblems = webhooks.problems("notify", request.notification());
        JobSpecs.Plan plan;
        try {
            plan = JobSpecs.normalize(request, datasets::describe, limits, properties.blasThreads());
        } catch (InvalidJobSpecException e) {
            if (notifyProblems.isEmpty()) {
                throw e;
            }
            List<FieldProblem> all = new ArrayList<>(e.errors());
            all.addAll(notifyProblems);
            throw new InvalidJobSpecException(all);
        }
        if (!notifyProblems.isEmpty()) {
            throw new InvalidJobSpecException(notifyProblems);
        }
        return plan;
    }

    private TrainingJobEntity insert(JobSpec spec, IdempotencyKeys.Key key, String hash, int maxQueuedJobs) {
        // the lock a dataset deletion takes too (DatasetInUseAdapter): the dataset is re-checked under it
        jobs.lockQueue();
        if (!datasets.exists(spec.datasetId())) {
            throw new InvalidJobSpecException(
                    List.of(
                            new FieldProblem(
                                    "datasetId",
                                    "dataset '" + spec.datasetId()
                                            + "' was deleted while the job was being submitted; GET /datasets lists the available ones")));
        }
        long queued = jobs.countByStatus(JobStatus.QUEUED);
        if (queued >= maxQueuedJobs) {
            throw new ApiException(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "queue-full",
                            "Too many queued jobs",
                            queued + " jobs are waiting for a worker, the most this service queues "
                                    + "(dropwise.limits.max-queued-jobs). Retry after " + properties.retryAfterSeconds()
                                    + " seconds, or cancel queued jobs.")
                    .with("queued", queued)
                    .with("retryAfterSeconds", properties.retryAfterSeconds())
                    .header("Retry-After", Integer.toString(properties.retryAfterSeconds()));
        }
        if (key != null) {
            idempotencyKeys.releaseIfExpired(key);
        }
        TrainingJobEntity job = new TrainingJobEntity(
                newId(),
                spec.name(),
                spec.datasetId(),
                specs.write(spec),
                spec.training().epochs(),
                key == null ? null : key.scope(),
                key == null ? null : key.value(),
                hash,
                now());
        jobs.saveAndFlush(job);
        webhooks.subscribe(JobWebhooks.KIND, job.getId(), spec.notification());
        scheduler.scheduleIfNotExists(new TaskInstance<Void>(TrainingConfiguration.TASK, job.getId()), Instant.now());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                scheduler.triggerCheckForDueExecutions();
            }
        });
        return job;
    }

    private Optional<Submitted> replay(IdempotencyKeys.Key key, String hash) {
        return transactions.execute(
                tx -> idempotencyKeys.replay(key, hash).map(existing -> new Submitted(queries.view(existing), false)));
    }

    private String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "job-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * What an idempotency key is bound to: the normalized spec, and the webhook secret, which the spec's JSON never
     * shows (so a retry with another secret is another request, not a replay); without a secret, the spec alone.
     */
    private String fingerprint(JobSpec spec) {
        String canonical = specs.canonical(spec);
        Notify target = spec.notification();
        return sha256(
                target == null || target.secret() == null
                        ? canonical
                        : canonical + "\u0000notify.secret=" + sha256(target.secret()));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
