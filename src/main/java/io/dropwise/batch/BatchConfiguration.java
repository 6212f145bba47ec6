package io.dropwise.batch;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.dropwise.config.TrainingProperties;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Batch predictions on the job queue: a db-scheduler task, {@value #TASK}, whose instance id is the batch id. Any
 * instance sharing the database may take it; a dead instance's execution is revived elsewhere, where the new claim
 * fences the old worker ({@link BatchStore#claim}).
 */
@Configuration(proxyBeanMethods = false)
class BatchConfiguration {

    static final String TASK = "batch-prediction";
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(BatchConfiguration.class);

    @Bean
    CustomTask<Void> batchPredictionTask(BatchRunner runner) {
        return Tasks.custom(TASK, Void.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_AFTER_FAILURE))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    BatchRunner.Next next = runner.run(
                            instance.getId(), () -> context.getSchedulerState().isShuttingDown());
                    return switch (next) {
                        case DONE -> new CompletionHandler.OnCompleteRemove<>();
                        case REQUEUE -> (complete, operations) -> operations.reschedule(complete, Instant.now());
                        case ABANDON -> (complete, operations) -> {};
                    };
                });
    }

    /**
     * Uploads this instance was still receiving when it was killed (never accepted) and deletions a crash interrupted
     * (on any instance): removed at startup.
     */
    @Bean
    SmartInitializingSingleton batchUploadCleanup(
            BatchStore store, BatchDeletion deletion, TrainingProperties training) {
        return () -> {
            for (String id : store.receivingOf(training.instanceId())) {
                log.info("Removing batch {}: its upload was interrupted", id);
                store.discard(id);
            }
            deletion.finishInterrupted();
        };
    }
}
