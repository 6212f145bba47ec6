package io.dropwise.training;

import io.dropwise.config.TrainingProperties;
import io.dropwise.engine.Checkpoint;
import io.dropwise.engine.CheckpointCodec;
import io.dropwise.training.CheckpointChunks.Written;
import io.dropwise.training.CheckpointEntity.Kind;
import io.dropwise.training.RunStore.FencedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job's checkpoints: written by streaming the codec into chunk rows ({@link CheckpointChunks}) between two short
 * transactions (the row, invisible while its chunks are written; then, fenced by the attempt, the row made visible
 * and retention applied), and read by decoding while the chunks stream in. A write interrupted by a crash leaves an
 * invisible row, removed by the job's next checkpoint or at startup.
 */
@Component
class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    private final CheckpointRepository checkpoints;
    private final TrainingJobRepository jobs;
    private final CheckpointChunks chunks;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TrainingProperties properties;

    CheckpointStore(
            CheckpointRepository checkpoints,
            TrainingJobRepository jobs,
            CheckpointChunks chunks,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            TrainingProperties properties) {
        this.checkpoints = checkpoints;
        this.jobs = jobs;
        this.chunks = chunks;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
    }

    /**
     * Stores a checkpoint and applies retention: the newest {@code checkpoint-retention} are kept, and always the
     * final one and the one with the lowest validation loss.
     *
     * @throws FencedException when the job belongs to another attempt now (nothing of this write stays)
     */
    void save(String jobId, int attempt, Checkpoint checkpoint, Kind kind) {
        long started = System.nanoTime();
        long id = transactions.execute(tx -> {
            fence(jobId, attempt);
            return checkpoints
                    .save(new CheckpointEntity(
                            jobId,
                            attempt,
                            checkpoint.epoch(),
                            checkpoint.batch(),
                            kind,
                            EpochMetricEntity.finite(checkpoint.validationLoss()),
                            CheckpointCodec.formatVersion(),
                            now()))
                    .getId();
        });
        log.debug("Job {}: writing checkpoint {} (epoch {})", jobId, id, checkpoint.epoch());
        List<Long> expired;
        try {
            Written written = chunks.write(id, out -> CheckpointCodec.encode(checkpoint, out));
            expired = transactions.execute(tx -> {
                fence(jobId, attempt);
                checkpoints
                        .findById(id)
                        .orElseThrow(() -> new FencedException(jobId, attempt))
                        .complete(written.chunks(), written.bytes());
                checkpoints.flush();
                List<Long> gone = new ArrayList<>(expired(checkpoints.infos(jobId), properties.checkpointRetention()));
                checkpoints.incomplete(jobId).stream()
                        .filter(other -> other != id)
                        .forEach(gone::add);
                if (!gone.isEmpty()) {
                    checkpoints.hide(gone);
                }
                return gone;
            });
            log.debug(
                    "Job {}: checkpoint {} stored, {} bytes in {} chunks, {} ms",
                    jobId,
                    id,
                    written.bytes(),
                    written.chunks(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            discard(id);
            throw e;
        }
        expired.forEach(chunks::delete);
    }

    /** Marks the newest checkpoint of the job as the final one (after an early stop). */
    void markLastFinal(String jobId) {
        transactions.executeWithoutResult(tx -> {
            List<CheckpointInfo> infos = checkpoints.infos(jobId);
            if (!infos.isEmpty()) {
                checkpoints.markKind(infos.get(infos.size() - 1).id(), Kind.FINAL.name());
            }
        });
    }

    /** The job's complete checkpoints, newest first, without their bytes. */
    List<CheckpointInfo> newestFirst(String jobId) {
        List<CheckpointInfo> infos = new ArrayList<>(checkpoints.infos(jobId));
        infos.sort(Comparator.comparingLong(CheckpointInfo::id).reversed());
        return infos;
    }

    /**
     * Decodes a checkpoint while its chunks stream in.
     *
     * @throws IllegalArgumentException when the stored bytes are not a readable checkpoint (damaged, truncated)
     */
    Checkpoint read(CheckpointInfo info) {
        long started = System.nanoTime();
        try (InputStream in = chunks.open(info.id(), info.chunks())) {
            Checkpoint checkpoint = CheckpointCodec.decode(in, info.sizeBytes());
            log.debug(
                    "Checkpoint {} read, {} bytes in {} chunks, {} ms",
                    info.id(),
                    info.sizeBytes(),
                    info.chunks(),
                    (System.nanoTime() - started) / 1_000_000);
            return checkpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("reading checkpoint " + info.id() + " failed", e);
        }
    }

    /** Removes what interrupted writes left: invisible checkpoints of finished jobs, chunks without a checkpoint. */
    @EventListener(ApplicationReadyEvent.class)
    void sweep() {
        List<Long> leftovers = new ArrayList<>(jdbc.queryForList(
                "select c.id from checkpoint c join training_job j "
                        + "on j.id = c.job_id where c.chunks is null and j.status not in ('QUEUED', 'RUNNING')",
                Long.class));
        leftovers.addAll(chunks.orphans());
        leftovers.forEach(this::discard);
        if (!leftovers.isEmpty()) {
            log.info("Removed {} checkpoints left incomplete by interrupted writes", leftovers.size());
        }
    }

    /** Best effort: a write that failed leaves nothing behind (or an invisible row the next write removes). */
    private void discard(long id) {
        try {
            jdbc.update("update checkpoint set chunks = null where id = ?", id);
            chunks.delete(id);
        } catch (RuntimeException e) {
            log.warn(
                    "Checkpoint {} could not be removed ({}); the job's next checkpoint removes it",
                    id,
                    e.getMessage());
        }
    }

    private void fence(String jobId, int attempt) {
        if (jobs.touch(jobId, attempt, now()) == 0) {
            throw new FencedException(jobId, attempt);
        }
    }

    /** Checkpoint ids to delete: all but the newest {@code keep}, the final ones and the lowest validation loss. */
    static List<Long> expired(List<CheckpointInfo> oldestFirst, int keep) {
        Set<Long> kept = new HashSet<>();
        for (int i = Math.max(0, oldestFirst.size() - keep); i < oldestFirst.size(); i++) {
            kept.add(oldestFirst.get(i).id());
        }
        oldestFirst.stream().filter(c -> Kind.FINAL.name().equals(c.kind())).forEach(c -> kept.add(c.id()));
        oldestFirst.stream()
                .filter(c -> c.validationLoss() != null)
                .min(Comparator.comparingDouble(CheckpointInfo::validationLoss))
                .ifPresent(c -> kept.add(c.id()));
        return oldestFirst.stream()
                .map(CheckpointInfo::id)
                .filter(id -> !kept.contains(id))
                .toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
