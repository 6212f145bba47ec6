package io.dropwise.training;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database reads of the job event streams, all in one place: one read-only transaction per poll of a job,
 * whatever the number of streams open on it.
 */
@Component
class JobEventSource {

    /** The data of a {@code status} event. */
    record StatusEvent(
            String jobId,
            JobStatus status,
            int epoch,
            int epochs,
            int attempts,
            String error,
            JobView.ModelRef model) {}

    /** What a poll found: the job's status and the epochs after the one asked for (none when it has no newer). */
    record Snapshot(StatusEvent status, List<EpochMetricView> epochs) {}

    private final TrainingJobRepository jobs;
    private final EpochMetricRepository metrics;
    private final TransactionTemplate readOnly;
    private final Counter polls;

    JobEventSource(
            TrainingJobRepository jobs,
            EpochMetricRepository metrics,
            PlatformTransactionManager tm,
            MeterRegistry meters) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.polls = Counter.builder("dropwise.events.polls")
                .description("database reads made for SSE streams (one per job per poll)")
                .register(meters);
        this.readOnly = new TransactionTemplate(tm);
        this.readOnly.setReadOnly(true);
    }

    boolean exists(String jobId) {
        return jobs.existsById(jobId);
    }

    /** The job now and its epochs after {@code afterEpoch}; empty when the job is gone. */
    Optional<Snapshot> read(String jobId, int afterEpoch) {
        polls.increment();
        return readOnly.execute(tx -> jobs.findById(jobId).map(job -> {
            // the job row says which epoch is done: the metric rows are read only when there is a newer one
            List<EpochMetricView> fresh = job.getCurrentEpoch() > afterEpoch
                    ? metrics.findByJobIdAndEpochGreaterThanOrderByEpoch(jobId, afterEpoch).stream()
                            .map(EpochMetricEntity::view)
                            .toList()
                    : List.of();
            JobView.ModelRef model = job.getModelName() == null || job.getModelVersion() == null
                    ? null
                    : new JobView.ModelRef(job.getModelName(), job.getModelVersion());
            return new Snapshot(
                    new StatusEvent(
                            jobId,
                            job.getStatus(),
                            job.getCurrentEpoch(),
                            job.getEpochs(),
                            job.getAttempts(),
                            job.getError(),
                            model),
                    fresh);
        }));
    }
}
