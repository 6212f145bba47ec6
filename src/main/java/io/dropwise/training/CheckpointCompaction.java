package io.dropwise.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reduces the checkpoints of finished jobs to what can still be used: the newest one (the run's last state; its
 * best-so-far carries the best weights, which {@code POST /jobs/{id}/register} turns into a model) and the one with
 * the lowest validation loss (the state at the best epoch, as {@code GET /jobs/{id}/checkpoints} shows it). A
 * finished job never resumes, so nothing else is needed. Queued and running jobs are left alone (their own
 * {@code checkpoint-retention} applies). Also removes what interrupted writes and deletions left: invisible
 * checkpoints of finished jobs and checkpoints of jobs that no longer exist.
 */
@Component
class CheckpointCompaction {

    private static final Logger log = LoggerFactory.getLogger(CheckpointCompaction.class);
    private static final String FINISHED = "('SUCCEEDED', 'FAILED', 'CANCELLED')";

    private final CheckpointRepository checkpoints;
    private final CheckpointChunks chunks;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    CheckpointCompaction(
            CheckpointRepository checkpoints,
            CheckpointChunks chunks,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager) {
        this.checkpoints = checkpoints;
        this.chunks = chunks;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** One pass over every finished job; returns the number of checkpoints removed. */
    int compact() {
        Set<Long> gone = new LinkedHashSet<>(jdbc.queryForList(
                "select c.id from checkpoint c where not exists (select 1 from training_job j where j.id = c.job_id)",
                Long.class));
        gone.addAll(jdbc.queryForList(
                "select c.id from checkpoint c join training_job j on j.id = c.job_id "
                        + "where c.chunks is null and j.status in " + FINISHED,
                Long.class));
        List<String> jobs = jdbc.queryForList(
                "select c.job_id from checkpoint c join training_job j on j.id = c.job_id where c.chunks is not null "
                        + "and j.status in " + FINISHED + " group by c.job_id having count(*) > 2",
                String.class);
        for (String job : jobs) {
            gone.addAll(redundant(checkpoints.infos(job)));
        }
        List<Long> ids = new ArrayList<>(gone);
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + 500));
            transactions.executeWithoutResult(tx -> checkpoints.hide(batch));
        }
        ids.forEach(chunks::delete);
        chunks.orphans().forEach(chunks::delete);
        if (!ids.isEmpty()) {
            log.info(
                    "Checkpoint compaction removed {} checkpoints ({} finished jobs compacted)",
                    ids.size(),
                    jobs.size());
        }
        return ids.size();
    }

    /** Every checkpoint of a finished job but the newest and the one with the lowest validation loss. */
    static List<Long> redundant(List<CheckpointInfo> oldestFirst) {
        if (oldestFirst.isEmpty()) {
            return List.of();
        }
        Set<Long> kept = new LinkedHashSet<>();
        kept.add(oldestFirst.stream()
                .max(Comparator.comparingLong(CheckpointInfo::id))
                .orElseThrow()
                .id());
        oldestFirst.stream()
                .filter(c -> c.validationLoss() != null)
                .min(Comparator.comparingDouble(CheckpointInfo::validationLoss))
                .ifPresent(c -> kept.add(c.id()));
        return oldestFirst.stream()
                .map(CheckpointInfo::id)
                .filter(id -> !kept.contains(id))
                .toList();
    }
}
