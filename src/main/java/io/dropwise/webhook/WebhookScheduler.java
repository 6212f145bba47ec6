package io.dropwise.webhook;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.dropwise.config.TrainingProperties;
import io.dropwise.config.WebhookProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * The deliveries' own db-scheduler: task {@value #TASK} (instance id = delivery id) in table {@code webhook_tasks},
 * run by {@code dropwise.webhooks.threads} threads. Separate from the training scheduler on purpose: that one's
 * threads are the training concurrency, so a delivery there would either hold a training slot for up to its
 * timeouts or wait behind the whole training queue. Heartbeats and dead-execution detection follow the
 * {@code db-scheduler.*} settings: a delivery in flight on a killed instance is attempted again (same id) once its
 * heartbeat is missed. Scheduling joins the caller's transaction (the DataSource is transaction-aware).
 */
@Component
class WebhookScheduler implements SmartLifecycle {

    static final String TASK = "deliver-webhook";
    static final String TABLE = "webhook_tasks";
    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final CustomTask<Void> task;
    private final SchedulerClient client;
    private final Supplier<Scheduler> schedulers;
    private volatile Scheduler scheduler;

    WebhookScheduler(
            DataSource dataSource,
            DeliverySender sender,
            WebhookProperties properties,
            TrainingProperties training,
            @Value("${db-scheduler.heartbeat-interval:3s}") Duration heartbeat,
            @Value("${db-scheduler.missed-heartbeats-limit:5}") int missedHeartbeats,
            @Value("${db-scheduler.polling-interval:1s}") Duration polling) {
        this.dataSource = new TransactionAwareDataSourceProxy(dataSource);
        this.task = Tasks.custom(TASK, Void.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_AFTER_ERROR))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    Optional<Instant> next = sender.attempt(instance.getId());
                    return next.<CompletionHandler<Void>>map(
                                    at -> (complete, operations) -> operations.reschedule(complete, at))
                            .orElseGet(CompletionHandler.OnCompleteRemove::new);
                });
        this.client = SchedulerClient.Builder.create(this.dataSource, task)
                .tableName(TABLE)
                .build();
        // a stopped db-scheduler cannot start again: a paused and restarted context gets a new one
        this.schedulers = () -> Scheduler.create(this.dataSource, task)
                .tableName(TABLE)
                .threads(properties.threads())
                .pollingInterval(polling)
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(missedHeartbeats)
                .schedulerName(new SchedulerName.Fixed(training.instanceId()))
                .enableImmediateExecution()
                .shutdownMaxWait(properties.connectTimeout().plus(properties.readTimeout()))
                .build();
    }

    /** Schedules delivery {@code id} now, in the caller's transaction; it runs once that commits. */
    void schedule(String deliveryId) {
        client.scheduleIfNotExists(new TaskInstance<Void>(TASK, deliveryId), Instant.now());
    }

    /** Looks for due deliveries now rather than at the next poll (after the scheduling transaction committed). */
    void wakeUp() {
        Scheduler current = scheduler;
        if (current != null) {
            current.triggerCheckForDueExecutions();
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            Scheduler created = schedulers.get();
            created.start();
            scheduler = created;
        }
    }

    @Override
    public synchronized void stop() {
        Scheduler current = scheduler;
        scheduler = null;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
