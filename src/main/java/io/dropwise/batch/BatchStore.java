package io.dropwise.batch;

import io.dropwise.prediction.BatchScoring;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batch tables through plain JDBC, one small statement or transaction at a time. Every write a worker makes after
 * its claim names its attempt number: when another worker has claimed the batch since, nothing is written.
 */
@Component
class BatchStore {

    static final String RECEIVING = "RECEIVING";
    static final String QUEUED = "QUEUED";
    static final String RUNNING = "RUNNING";
    static final String DELETING = "DELETING";
    static final List<String> TERMINAL = List.of("SUCCEEDED", "FAILED", "CANCELLED");
    /** Never visible: an upload still coming in, a batch being deleted. */
    static final List<String> HIDDEN = List.of(RECEIVING, DELETING);

    private static final int CHUNKS_PER_DELETE = 16;

    private static final String COLUMNS = "id, status, model_name, model_version, mc_samples, mc_seed, input_header,"
            + " output_header, input_bytes, total_rows, total_chunks, rows_done, chunks_done, attempts, worker,"
            + " cancel_requested, metrics, error, created_at, started_at, finished_at, model_deleted_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final BatchWebhooks webhooks;

    BatchStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, BatchWebhooks webhooks) {
        this.jdbc = jdbc;
        this.webhooks = webhooks;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    TransactionTemplate transactions() {
        return transactions;
    }

    void createReceiving(
            String id,
            String instance,
            String model,
            int version,
            BatchScoring.McSettings mc,
            String inputHeader,
            String outputHeader) {
        jdbc.update(
                "insert into batch_prediction (" + COLUMNS + ") values"
                        + " (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, false, null, null, ?, null, null, null)",
                id,
                RECEIVING,
                model,
                version,
                mc == null ? null : mc.samples(),
                mc == null ? null : mc.seed(),
                inputHeader,
                outputHeader,
                instance,
                now());
    }

    void insertInputChunk(String id, int seq, long firstRow, int rows, byte[] data) {
        jdbc.update(
                "insert into batch_input_chunk (batch_id, seq, first_row, row_count, data) values (?, ?, ?, ?, ?)",
                id,
                seq,
                firstRow,
                rows,
                data);
    }

    /** A result chunk; while the batch is {@code RECEIVING}, one scored during the upload (removed if refused). */
    void insertOutputChunk(String id, int seq, long firstRow, int rows, byte[] data, String stats) {
        jdbc.update(
                "insert into batch_output_chunk (batch_id, seq, first_row, row_count, data, stats)"
                        + " values (?, ?, ?, ?, ?, ?)",
                id,
                seq,
                firstRow,
                rows,
                data,
                stats);
    }

    /**
     * Run inside the transaction that schedules the batch's task: the first {@code chunksDone} chunks (holding
     * {@code rowsDone} rows) were scored during the upload, the rest are in the input chunks.
     */
    void queue(String id, long inputBytes, long rows, int chunks, int chunksDone, long rowsDone) {
        jdbc.update(
                "update batch_prediction set status = ?, input_bytes = ?, total_rows = ?, total_chunks = ?,"
                        + " chunks_done = ?, rows_done = ?, worker = null where id = ? and status = ?",
                QUEUED,
                inputBytes,
                rows,
                chunks,
                chunksDone,
                rowsDone,
                id,
                RECEIVING);
    }

    /** Removes a batch and every chunk of it (a refused upload). */
    void discard(String id) {
        deleteChunks("batch_input_chunk", id);
        deleteChunks("batch_output_chunk", id);
        jdbc.update("delete from batch_prediction where id = ?", id);
    }

    /** A batch's chunk rows, a few per statement: all in one made H2 run out of memory on a 256 MB heap. */
    private void deleteChunks(String table, String id) {
        Integer last = jdbc.queryForObject("select max(seq) from " + table + " where batch_id = ?", Integer.class, id);
        for (int from = last == null ? -1 : last; from >= 0; from -= CHUNKS_PER_DELETE) {
            jdbc.update(
                    "delete from " + table + " where batch_id = ? and seq >= ?",
                    id,
                    Math.max(0, from - CHUNKS_PER_DELETE + 1));
        }
    }

    /** Uploads this instance was receiving when it stopped (killed mid-upload): never queued, never visible. */
    List<String> receivingOf(String instance) {
        return jdbc.queryForList(
                "select id from batch_prediction where status = ? and worker = ?", String.class, RECEIVING, instance);
    }

    Optional<Batch> find(String id) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from batch_prediction where id = ? and status not in (?, ?)",
                        MAPPER,
                        id,
                        RECEIVING,
                        DELETING)
                .stream()
                .findFirst();
    }

    List<Batch> page(int offset, int limit) {
        return jdbc.query(
                "select " + COLUMNS + " from batch_prediction where status not in (?, ?)"
                        + " order by created_at desc, id desc offset ? rows fetch next ? rows only",
                MAPPER,
                RECEIVING,
                DELETING,
                offset,
                limit);
    }

    long countVisible() {
        Long n = jdbc.queryForObject(
                "select count(*) from batch_prediction where status not in (?, ?)", Long.class, RECEIVING, DELETING);
        return n == null ? 0 : n;
    }

    /**
     * Takes a queued batch, or one whose worker was lost, for {@code instance}: a new attempt number that fences the
     * previous worker. Empty when the batch is gone or ended; a cancel that was asked for while it was queued ends it.
     */
    Optional<Batch> claim(String id, String instance) {
        return transactions.execute(tx -> {
            List<Batch> found =
                    jdbc.query("select " + COLUMNS + " from batch_prediction where id = ? for update", MAPPER, id);
            if (found.isEmpty()
                    || TERMINAL.contains(found.get(0).status())
                    || HIDDEN.contains(found.get(0).status())) {
                return Optional.<Batch>empty();
            }
            if (found.get(0).cancelRequested()) {
                jdbc.update(
                        "update batch_prediction set status = 'CANCELLED', finished_at = ? where id = ?", now(), id);
                find(id).ifPresent(webhooks::ended);
                return Optional.<Batch>empty();
            }
            jdbc.update(
                    "update batch_prediction set status = ?, attempts = attempts + 1, worker = ?,"
                            + " started_at = coalesce(started_at, ?) where id = ?",
                    RUNNING,
                    instance,
                    now(),
                    id);
            return jdbc.query("select " + COLUMNS + " from batch_prediction where id = ?", MAPPER, id).stream()
                    .findFirst();
        });
    }

    byte[] inputChunk(String id, int seq) {
        return jdbc.queryForObject(
                "select data from batch_input_chunk where batch_id = ? and seq = ?", byte[].class, id, seq);
    }

    /**
     * Commits the output of input chunk {@code seq}, and the progress it makes, in one transaction: only when this
     * attempt still holds the batch and {@code seq} is the next chunk. False when fenced (nothing written).
     */
    boolean commitChunk(String id, int attempt, int seq, long firstRow, int rows, byte[] data, String stats) {
        Boolean ok = transactions.execute(tx -> {
            int updated = jdbc.update(
                    "update batch_prediction set chunks_done = ?, rows_done = rows_done + ? where id = ?"
                            + " and attempts = ? and status = ? and chunks_done = ?",
                    seq + 1,
                    rows,
                    id,
                    attempt,
                    RUNNING,
                    seq);
            if (updated == 0) {
                return false;
            }
            insertOutputChunk(id, seq, firstRow, rows, data, stats);
            return true;
        });
        return Boolean.TRUE.equals(ok);
    }

    boolean cancelRequested(String id) {
        return Boolean.TRUE.equals(
                jdbc.queryForObject("select cancel_requested from batch_prediction where id = ?", Boolean.class, id));
    }

    /** Ends the batch if this attempt still holds it; its input chunks go (the result stays). */
    boolean finish(String id, int attempt, String status, String metrics, String error) {
        Boolean ended = transactions.execute(tx -> {
            int updated = jdbc.update(
                    "update batch_prediction set status = ?, metrics = ?, error = ?, finished_at = ?"
                            + " where id = ? and attempts = ? and status = ?",
                    status,
                    metrics,
                    error == null ? null : error.substring(0, Math.min(error.length(), 4000)),
                    now(),
                    id,
                    attempt,
                    RUNNING);
            if (updated == 1) {
                find(id).ifPresent(webhooks::ended);
            }
            return updated == 1;
        });
        if (Boolean.TRUE.equals(ended)) {
            deleteChunks("batch_input_chunk", id);
        }
        return Boolean.TRUE.equals(ended);
    }

    /** Graceful shutdown: back to the queue; the next worker resumes after the last committed chunk. */
    void requeue(String id, int attempt) {
        jdbc.update(
                "update batch_prediction set status = ? where id = ? and attempts = ? and status = ?",
                QUEUED,
                id,
                attempt,
                RUNNING);
    }

    /** Cancels a queued batch at once (and schedules its webhook), asks a running one to stop; the batch now. */
    Optional<Batch> cancel(String id) {
        return transactions.execute(tx -> {
            int cancelled = jdbc.update(
                    "update batch_prediction set status = 'CANCELLED', cancel_requested = true, finished_at = ?"
                            + " where id = ? and status = ?",
                    now(),
                    id,
                    QUEUED);
            jdbc.update("update batch_prediction set cancel_requested = true where id = ? and status = ?", id, RUNNING);
            Optional<Batch> now = find(id);
            if (cancelled == 1) {
                now.ifPresent(webhooks::ended);
            }
            return now;
        });
    }

    List<String> stats(String id) {
        return jdbc.queryForList(
                "select stats from batch_output_chunk where batch_id = ? order by seq", String.class, id);
    }

    byte[] outputChunk(String id, int seq) {
        List<byte[]> found = jdbc.queryForList(
                "select data from batch_output_chunk where batch_id = ? and seq = ?", byte[].class, id, seq);
        return found.isEmpty() ? null : found.get(0);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static final RowMapper<Batch> MAPPER = Batch::row;
}
