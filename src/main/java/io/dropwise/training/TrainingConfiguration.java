package io.dropwise.training;

import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.dropwise.config.DaemonThreads;
import io.dropwise.config.TrainingProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job queue: one db-scheduler task, {@value #TASK}, whose instance id is the job id. db-scheduler stores it in
 * {@code scheduled_tasks} (our Flyway migration), claims due executions through the database (on PostgreSQL with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}), keeps a heartbeat per running execution and hands the execution of a
 * dead instance to another one, where {@link RunStore#requeueLost} puts the job back to QUEUED first.
 */
@Configuration(proxyBeanMethods = false)
class TrainingConfiguration {

    static final String TASK = "train-job";
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    @Bean
    CustomTask<Void> trainJobTask(JobRunner runner, RunStore store) {
        DeadExecutionHandler<Void> revive = new DeadExecutionHandler.ReviveDeadExecution<>();
        return Tasks.custom(TASK, Void.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_AFTER_FAILURE))
                .onDeadExecution((complete, operations) -> {
                    store.requeueLost(complete.getExecution().getId());
                    revive.deadExecution(complete, operations);
                })
                .execute((instance, context) -> {
                    JobRunner.Next next = runner.run(
                            instance.getId(), () -> context.getSchedulerState().isShuttingDown());
                    return switch (next) {
                        case DONE -> new CompletionHandler.OnCompleteRemove<>();
                        case REQUEUE -> (complete, operations) -> operations.reschedule(complete, Instant.now());
                        case ABANDON -> (complete, operations) -> {};
                        case RETRY ->
                            (complete, operations) -> operations.reschedule(
                                    complete, Instant.now().plus(RETRY_AFTER_FAILURE));
                    };
                });
    }

    /** This instance's name in db-scheduler's {@code picked_by}: the same as in job attempts. */
    @Bean
    DbSchedulerCustomizer dbSchedulerCustomizer(TrainingProperties properties) {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<SchedulerName> schedulerName() {
                return Optional.of(new SchedulerName.Fixed(properties.instanceId()));
            }
        };
    }

    /** Small periodic work of the training feature: the running-job watcher, SSE polling, metric refresh. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService trainingTimer() {
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(2, DaemonThreads.named("dropwise-training-timer"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
