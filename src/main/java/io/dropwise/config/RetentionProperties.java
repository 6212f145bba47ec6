package io.dropwise.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Housekeeping of finished jobs ({@code dropwise.retention.*}), done by one db-scheduler recurring task that one
 * instance at a time runs (see {@code training.LifecycleConfiguration}). Everything is off by default: nothing that
 * Dropwise stores goes away unless asked.
 *
 * @param finishedJobsDays finished jobs (succeeded, failed, cancelled) that ended more than this many days ago are
 *     deleted with their metrics, attempts and checkpoints, as deleting each through the API does; the model versions
 *     they registered stay; a sweep's jobs stay with their sweep (deleting the sweep deletes them). 0: keep them forever
 * @param compactCheckpoints when true, the checkpoints of finished jobs are reduced to the newest one (the run's
 *     last state; its best-so-far holds the best weights, which is what registering a cancelled job reads) and the
 *     one with the lowest validation loss; leftovers of interrupted writes and checkpoints of deleted jobs go too
 * @param interval how often the task runs (when retention or compaction is on)
 * @param batchSize finished jobs a run looks up at a time (each is deleted in its own transaction; a run goes on
 *     until none is left)
 */
@Validated
@ConfigurationProperties("dropwise.retention")
public record RetentionProperties(
        @DefaultValue("0") @Min(0) int finishedJobsDays,
        @DefaultValue("false") boolean compactCheckpoints,
        @DefaultValue("1h") @NotNull Duration interval,
        @DefaultValue("100") @Min(1) int batchSize) {

    /** True when the recurring task has anything to do. */
    public boolean enabled() {
        return finishedJobsDays > 0 || compactCheckpoints;
    }
}
