package io.dropwise.training;

import io.dropwise.config.RetentionProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;

/**
 * One run of the housekeeping task ({@code dropwise.retention.*}): deletes the finished jobs that ended before
 * {@code now - finished-jobs-days} (each as {@code DELETE /jobs/{id}} does, model versions stay), then compacts the
 * checkpoints of finished jobs when {@code compact-checkpoints} is on. The clock and the settings are constructor
 * arguments, so a test runs it at any "now" with any threshold.
 */
class JobRetention {

    private static final Logger log = LoggerFactory.getLogger(JobRetention.class);
    private static final Set<JobStatus> FINISHED =
            EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);

    /** What one run did. */
    record Result(int jobsDeleted, int checkpointsRemoved) {}

    private final RetentionProperties properties;
    private final Clock clock;
    private final TrainingJobRepository jobs;
    private final JobDeletion deletion;
    private final CheckpointCompaction compaction;

    JobRetention(
            RetentionProperties properties,
            Clock clock,
            TrainingJobRepository jobs,
            JobDeletion deletion,
            CheckpointCompaction compaction) {
        this.properties = properties;
        this.clock = clock;
        this.jobs = jobs;
        this.deletion = deletion;
        this.compaction = compaction;
    }

    Result run() {
        int deleted = 0;
        if (properties.finishedJobsDays() > 0) {
            deleted = deleteFinishedBefore(clock.instant().minus(Duration.ofDays(properties.finishedJobsDays())));
        }
        int removed = properties.compactCheckpoints() ? compaction.compact() : 0;
        if (deleted > 0) {
            log.info(
                    "Retention deleted {} jobs finished more than {} days ago", deleted, properties.finishedJobsDays());
        }
        return new Result(deleted, removed);
    }

    /** Deletes every finished job that ended before {@code cutoff}, {@code batch-size} ids at a time. */
    int deleteFinishedBefore(Instant cutoff) {
        int deleted = 0;
        while (true) {
            List<String> ids = jobs.finishedBefore(FINISHED, cutoff, PageRequest.of(0, properties.batchSize()));
            int before = deleted;
            for (String id : ids) {
                if (deletion.deleteIfFinished(id)) {
                    deleted++;
                }
            }
            if (ids.size() < properties.batchSize() || deleted == before) {
                return deleted;
            }
        }
    }
}
