package io.dropwise.training;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.dropwise.config.RetentionProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The housekeeping task {@value #TASK}: a db-scheduler recurring task, so that one instance at a time runs it (its
 * single execution row is picked by one scheduler) and a run interrupted by a crash is taken over. It is always
 * registered; with {@code dropwise.retention.*} off (the default) a run does nothing.
 */
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

    static final String TASK = "job-retention";

    @Bean
    JobRetention jobRetention(
            RetentionProperties properties,
            TrainingJobRepository jobs,
            JobDeletion deletion,
            CheckpointCompaction compaction) {
        return new JobRetention(properties, Clock.systemUTC(), jobs, deletion, compaction);
    }

    @Bean
    RecurringTask<Void> jobRetentionTask(RetentionProperties properties, JobRetention retention) {
        return Tasks.recurring(TASK, FixedDelay.of(properties.interval())).execute((instance, context) -> {
            if (properties.enabled()) {
                retention.run();
            }
        });
    }
}
