package io.dropwise.batch;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.dropwise.config.BatchProperties;
import io.dropwise.config.TrainingProperties;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.BatchScoring;
import io.dropwise.prediction.BatchScoring.McSettings;
import io.dropwise.prediction.BatchScoring.Scorer;
import io.dropwise.training.ThreadShares;
import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import io.dropwise.web.ValidationException;
import io.dropwise.webhook.Notify;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Accepting a batch: the model is resolved and pinned (an alias moved later changes nothing), the header is checked
 * against its features before any row is read, then the body is streamed ({@link BatchCsv}): every row is parsed, encoded and checked as
 * {@code /predict} would ({@link RowEncoder}), and stored {@value #CHUNK_ROWS} rows at a time in compressed chunk rows
 * (compressed and inserted on a thread of the upload's own while the next rows are parsed). A bad row refuses
 * the whole request (400 naming the row and the line) and what was stored of it is removed: a refused request leaves
 * nothing. Once the whole body is in, the batch is queued in the same transaction as its task.
 *
 * <p>With {@code dropwise.batch.score-during-upload} (the default) a full chunk is not stored as input but scored at
 * once, on threads of the upload's own, as the queue's worker would score it ({@link ChunkScorer}), and its result
 * chunk is stored while the next rows are parsed: the batch is queued with those chunks done, so its worker (on any
 * instance) only ends it. The batch is {@code RECEIVING} (seen by no one) until then; a refused upload removes its
 * results with it, an upload interrupted by a crash is removed at the next startup. The upload takes its share of the
 * cores with the training jobs ({@link ThreadShares}): while that is one thread, parsing and scoring take turns. A
 * batch with MC dropout is scored on the queue: its passes would hold the upload's answer far longer.
 */
@Service
class BatchSubmission {

    /** Rows per chunk, and per engine call: a chunk is scored as one {@code /predict} call of these rows. */
    static final int CHUNK_ROWS = 1024;

    /** Chunks handed to the storing thread and not stored yet, at most. */
    private static final int STORES_AHEAD = 2;

    private final BatchStore store;
    private final BatchScoring scoring;
    private final Scheduler scheduler;
    private final BatchProperties properties;
    private final String instance;
    private final BatchWebhooks webhooks;
    private final ThreadShares shares;
    private final SecureRandom random = new SecureRandom();

    BatchSubmission(
            BatchStore store,
            BatchScoring scoring,
            Scheduler scheduler,
            BatchProperties properties,
            TrainingProperties training,
            BatchWebhooks webhooks,
            ThreadShares shares) {
        this.store = store;
        this.scoring = scoring;
        this.scheduler = scheduler;
        this.properties = properties;
        this.instance = training.instanceId();
        this.webhooks = webhooks;
        this.shares = shares;
    }

    /** The accepted batch's id. */
    String submit(String model, String version, Integer mcSamples, Long mcSeed, Notify notify, InputStream body) {
        return submit(
                model,
                version,
                mcSamples,
                mcSeed,
                notify,
                body,
                properties.scoreDuringUpload(),
                properties.uploadScoringWait());
    }

    /**
     * As {@link #submit(String, String, Integer, Long, Notify, InputStream)}, scoring during the upload or not, with
     * this budget of waiting for it.
     */
    String submit(
            String model,
            String version,
            Integer mcSamples,
            Long mcSeed,
            Notify notify,
            InputStream body,
            boolean scoreDuringUpload,
            Duration scoringWait) {
        if (model == null || model.isBlank()) {
            throw ValidationException.of("model", "is required: the name of a registered model");
        }
        VersionSelector selector =
                version == null || version.isBlank() ? VersionSelector.LATEST : VersionSelector.parse(version, model);
        McSettings mc = mcSamples == null && mcSeed == null ? null : scoring.monteCarlo(mcSamples, mcSeed, "mcSamples");
        Scorer scorer = scoring.resolve(model, selector);
        BatchCsv reader = new BatchCsv(
                body, properties.maxLineBytes(), (int) Math.min(Integer.MAX_VALUE, properties.maxChunkTextChars()));
        String[] header = next(reader) ? reader.strings() : null;
        if (header == null) {
            throw invalidCsv("The CSV is empty. Send a header row naming the model's features ("
                    + String.join(", ", scorer.schema().featureNames()) + "), then one row per prediction.");
        }
        List<String> columns = Arrays.asList(header);
        BatchLayout layout = BatchLayout.of(columns, scorer.schema(), scorer.classes(), mc != null);
        String id = newId();
        store.createReceiving(
                id,
                instance,
                scorer.name(),
                scorer.version(),
                mc,
                BatchJson.write(columns),
                BatchJson.write(layout.outputHeader()));
        try {
            // MC dropout's passes make scoring many times the parsing: the upload's answer would wait for them
            ChunkScorer early = scoreDuringUpload && mc == null ? new ChunkScorer(scorer, layout, null) : null;
            receive(id, reader, header.length, layout, scorer, notify, new UploadScoring(early, scoringWait));
        } catch (RuntimeException e) {
            store.discard(id);
            throw e;
        }
        return id;
    }

    private void receive(
            String id,
            BatchCsv reader,
            int columns,
            BatchLayout layout,
            Scorer scorer,
            Notify notify,
            UploadScoring pace) {
        boolean early = pace.scoring();
        RowEncoder encoder = new RowEncoder(scorer, layout);
        ChunkText text = new ChunkText(properties.maxChunkTextChars());
        List<String[]> passed = new ArrayList<>(CHUNK_ROWS);
        List<float[]> features = new ArrayList<>(CHUNK_ROWS);
        long rows = 0;
        long bytes = 0;
        int seq = 0;
        int threads = early ? BatchRunner.SCORING_THREADS : 1;
        try (ThreadShares.Share share = early ? shares.join(id, threads + 1) : null;
                Window<Integer> stores = new Window<>("batch-store", threads, STORES_AHEAD + threads - 1)) {
            while (next(reader)) {
                rows++;
                if (rows > properties.maxRows()) {
                    throw new ApiException(
                            HttpStatus.PAYLOAD_TOO_LARGE,
                            "batch-too-large",
                            "Batch too large",
                            "The CSV has more than " + properties.maxRows() + " data rows, the most one batch takes"
                                    + " (dropwise.batch.max-rows). Split it.");
                }
                if (reader.fields() != columns) {
                    throw badRow(
                            rows, reader.recordLine(), "has " + reader.fields() + " fields; the header has " + columns);
                }
                try {
                    features.add(encoder.encode(reader));
                } catch (IllegalArgumentException e) {
                    throw badRow(rows, reader.recordLine(), e.getMessage());
                }
                String[] through = layout.passed(reader);
                text.add(through, rows);
                passed.add(through);
                if (passed.size() == CHUNK_ROWS) {
                    text.reset();
                    bytes += store(stores, id, seq++, rows - passed.size(), passed, features, pace);
                    if (share != null && share.getAsInt() <= 1) {
                        long started = System.nanoTime();
                        bytes += drain(stores);
                        pace.waited(System.nanoTime() - started);
                    }
                    passed = new ArrayList<>(CHUNK_ROWS);
                    features = new ArrayList<>(CHUNK_ROWS);
                }
            }
            if (rows == 0) {
                throw invalidCsv("The CSV has a header row but no data rows. Add one row per prediction.");
            }
            if (!passed.isEmpty()) {
                bytes += store(stores, id, seq++, rows - passed.size(), passed, features, pace);
            }
            bytes += drain(stores);
        }
        long total = rows;
        int chunks = seq;
        long stored = bytes;
        store.transactions().executeWithoutResult(tx -> {
            store.queue(id, stored, total, chunks, pace.chunks(), pace.rows());
            webhooks.subscribe(id, notify);
            scheduler.scheduleIfNotExists(new TaskInstance<Void>(BatchConfiguration.TASK, id), Instant.now());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduler.triggerCheckForDueExecutions();
                }
            });
        });
    }

    /**
     * Hands a full chunk to the storing threads (encoded, compressed and inserted there while the next rows are parsed
     * here; or, while {@code pace} still scores, scored and its result stored); the input bytes stored by the chunk it
     * had to wait for, if the window was full, else 0.
     */
    private long store(
            Window<Integer> stores,
            String id,
            int seq,
            long firstRow,
            List<String[]> passed,
            List<float[]> features,
            UploadScoring pace) {
        long bytes = 0;
        if (stores.full()) {
            long started = System.nanoTime();
            bytes = stores.takeOldest();
            pace.waited(System.nanoTime() - started);
        }
        ChunkScorer early = pace.next(passed.size());
        stores.submit(() -> {
            if (early != null) {
                ChunkCodec.InputChunk chunk = new ChunkCodec.InputChunk(passed, features.toArray(new float[0][]));
                ChunkScorer.Scored scored = early.score(chunk);
                String stats = scored.sums() == null ? null : scored.sums().encode();
                store.insertOutputChunk(id, seq, firstRow, passed.size(), scored.packed(), stats);
                return 0;
            }
            byte[] data = ChunkCodec.input(passed, features);
            store.insertInputChunk(id, seq, firstRow, passed.size(), data);
            return data.length;
        });
        return bytes;
    }

    /** Waits for every chunk handed over; the input bytes they stored. */
    private static long drain(Window<Integer> stores) {
        long bytes = 0;
        while (!stores.isEmpty()) {
            bytes += stores.takeOldest();
        }
        return bytes;
    }

    /**
     * The next record; the CSV reader's own problems (an unclosed quote, ...) as a 400 {@code invalid-csv} (its
     * exception type belongs to the dataset package), a line over the limit as a 413; I/O and the rest unchanged.
     */
    private static boolean next(BatchCsv reader) {
        try {
            return reader.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LineLimit.LineTooLong e) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "batch-too-large", "Batch too large", e.getMessage());
        } catch (RuntimeException e) {
            if (e.getClass().getName().equals("io.dropwise.dataset.InvalidDatasetException")) {
                throw invalidCsv(e.getMessage());
            }
            throw e;
        }
    }

    private static ApiException invalidCsv(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-csv", "Invalid CSV", detail);
    }

    private static ApiException badRow(long row, int line, String message) {
        String where = "row " + row + " (line " + line + ")";
        return new ValidationException(List.of(new FieldProblem(where, message)))
                .with("row", row)
                .with("line", line);
    }

    private String newId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "batch-" + HexFormat.of().formatHex(bytes);
    }
}
