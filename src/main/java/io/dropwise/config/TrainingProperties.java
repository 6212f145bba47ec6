package io.dropwise.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this instance runs training jobs ({@code dropwise.training.*}).
 *
 * @param concurrency jobs trained at the same time by this instance (db-scheduler's worker threads)
 * @param checkpointRetention checkpoints kept per job besides the final one and the one with the best validation
 *     loss (the newest are kept)
 * @param checkpointInterval the least time between two periodic checkpoints of a job: at the end of an epoch that
 *     its {@code checkpointEveryEpochs} checkpoints, the checkpoint is skipped when the job's last one (or its
 *     attempt's start) is more recent than this; 0 checkpoints every {@code checkpointEveryEpochs} epochs. The final
 *     checkpoint, an early stop's and a stop request's are always taken. A crash loses at most this much training
 *     (plus an epoch); writing a large model's checkpoint while the next epoch trains slows that epoch down
 * @param blasThreads the default of a job's {@code training.blasThreads}: 0 for {@code auto} (a job uses every core
 *     that no other job of this instance uses, re-balanced as jobs start and end), or the most threads a job uses
 * @param instanceId the name of this instance in job attempts and in db-scheduler's {@code picked_by}; blank:
 *     {@code hostname-pid}
 * @param maxAttempts a job whose worker died this many times is marked FAILED instead of being taken again
 * @param watchInterval how often a running job looks for a cancel request or a lost lease (cross-instance)
 * @param eventsPollInterval how often an SSE stream looks for new epochs and status changes
 * @param eventsTimeout how long an SSE stream may stay open
 * @param shutdownTimeout how long a graceful shutdown waits for running jobs to checkpoint and requeue
 * @param retryAfterSeconds the {@code Retry-After} of a 429 when the queue is full
 * @param idempotencyKeyTtl how long an {@code Idempotency-Key} of {@code POST /jobs} replays its job; after that the
 *     same key (of the same caller) queues a new job
 * @param eventsHeartbeat an SSE stream with nothing to say for this long gets a comment line: how a client that went
 *     away is noticed (the write fails) and how proxies are kept from closing a quiet stream
 * @param eventsRetry the {@code retry:} an SSE stream announces: how long a client waits before reconnecting
 * @param eventsMaxStreamsPerJob SSE streams open on one job on this instance (429 beyond)
 * @param eventsMaxStreams SSE streams open on this instance (503 beyond)
 */
@Validated
@ConfigurationProperties("dropwise.training")
public record TrainingProperties(
        @DefaultValue("2") @Min(1) @Max(256) int concurrency,
        @DefaultValue("3") @Min(1) int checkpointRetention,
        @DefaultValue("30s") Duration checkpointInterval,
        @DefaultValue("0") @Min(0) @Max(256) int blasThreads,
        String instanceId,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("500ms") Duration watchInterval,
        @DefaultValue("300ms") Duration eventsPollInterval,
        @DefaultValue("30m") Duration eventsTimeout,
        @DefaultValue("30s") Duration shutdownTimeout,
        @DefaultValue("10") @Min(1) int retryAfterSeconds,
        @DefaultValue("24h") Duration idempotencyKeyTtl,
        @DefaultValue("15s") Duration eventsHeartbeat,
        @DefaultValue("3s") Duration eventsRetry,
        @DefaultValue("500") @Min(1) int eventsMaxStreamsPerJob,
        @DefaultValue("2000") @Min(1) int eventsMaxStreams) {

    public TrainingProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = defaultInstanceId();
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String id = host + "-" + ProcessHandle.current().pid();
        return id.length() > 100 ? id.substring(0, 100) : id;
    }
}
