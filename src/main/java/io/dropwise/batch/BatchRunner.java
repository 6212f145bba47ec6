package io.dropwise.batch;

import io.dropwise.config.TrainingProperties;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.BatchScoring;
import io.dropwise.prediction.BatchScoring.McSettings;
import io.dropwise.prediction.BatchScoring.Scorer;
import io.dropwise.training.ThreadShares;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one batch on a queue worker: claims it (a new attempt number), then for every input chunk not yet done reads
 * it, scores it ({@link ChunkScorer}) and commits the result chunk together with the progress it makes
 * ({@link BatchStore#commitChunk}), so a batch resumed after a crash or a shutdown starts at the first chunk without
 * a result and writes every row exactly once. At the end the chunks' evaluation sums are added up.
 */
@Component
class BatchRunner {

    /** What the queue does with the task afterwards. */
    enum Next {
        DONE,
        REQUEUE,
        ABANDON
    }

    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    /** Chunks read ahead, and chunks being written, at most. */
    static final int AHEAD = 2;

    /**
     * Threads scoring chunks, one chunk each: predicted on the engine alone on that thread, its result CSV written and
     * deflated. One per core, 2 to 4: whole chunks side by side keep every core busy without a team's waits, and
     * each chunk in flight holds its rows.
     */
    static final int SCORING_THREADS =
            Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));

    private final BatchStore store;
    private final BatchScoring scoring;
    private final ThreadShares shares;
    private final String instance;

    BatchRunner(BatchStore store, BatchScoring scoring, TrainingProperties training, ThreadShares shares) {
        this.store = store;
        this.scoring = scoring;
        this.shares = shares;
        this.instance = training.instanceId();
    }

    Next run(String id, BooleanSupplier shuttingDown) {
        Batch batch = store.claim(id, instance).orElse(null);
        if (batch == null) {
            return Next.DONE;
        }
        int attempt = batch.attempts();
        try {
            Scorer scorer = scoring.resolve(batch.modelName(), VersionSelector.number(batch.modelVersion()));
            McSettings mc = batch.mcSamples() == null ? null : new McSettings(batch.mcSamples(), batch.mcSeed());
            BatchLayout layout = BatchLayout.of(
                    BatchJson.strings(batch.inputHeader()), scorer.schema(), scorer.classes(), mc != null);
            ChunkScorer chunks = new ChunkScorer(scorer, layout, mc);
            Next stopped = runChunks(batch, chunks, shuttingDown);
            if (stopped != null) {
                return stopped;
            }
            String metrics = layout.labelIndex() < 0 ? null : metrics(id, scorer.classes());
            store.finish(id, attempt, "SUCCEEDED", metrics, null);
            return Next.DONE;
        } catch (RuntimeException e) {
            log.warn("Batch {} failed", id, e);
            store.finish(id, attempt, "FAILED", null, e.getMessage() == null ? e.toString() : e.getMessage());
            return Next.DONE;
        }
    }

    /** A result chunk ready to commit. */
    private record Done(int seq, long firstRow, int rows, byte[] data, String stats) {}

    /**
     * Scores the chunks not done yet, as a pipeline: the next chunks are read and decoded ahead on a thread of their
     * own, {@link #SCORING_THREADS} more score them side by side (a chunk predicted on its thread alone, its result
     * text written and compressed), and results are committed here, one chunk at a time in order, each with its
     * progress. At most {@link #AHEAD} chunks wait to be read and {@link #AHEAD} scored ones to be committed beyond
     * those being scored, so memory stays bounded. The batch takes its share of the instance's cores with the
     * training jobs ({@link ThreadShares}): while that share is one thread, the stages take turns (one chunk read,
     * predicted, written and committed before the next is read), so a batch never takes more than its share from a
     * job. Null when every chunk is done, else what the queue does next (cancelled, shutting down, fenced).
     */
    private Next runChunks(Batch batch, ChunkScorer chunks, BooleanSupplier shuttingDown) {
        String id = batch.id();
        int attempt = batch.attempts();
        int total = batch.totalChunks();
        try (ThreadShares.Share share = shares.join(id, 1 + SCORING_THREADS);
                Window<ChunkCodec.InputChunk> reads = new Window<>("batch-read", 1, AHEAD);
                Window<Done> writes = new Window<>("batch-score", SCORING_THREADS, AHEAD + SCORING_THREADS - 1)) {
            int next = batch.chunksDone(); // the next chunk to read
            long firstRow = batch.rowsDone();
            for (int seq = batch.chunksDone(); seq < total; seq++) {
                Next stop = store.cancelRequested(id) ? Next.DONE : shuttingDown.getAsBoolean() ? Next.REQUEUE : null;
                if (stop != null) {
                    if (!commitAll(id, attempt, writes)) {
                        return Next.ABANDON;
                    }
                    if (stop == Next.DONE) {
                        store.finish(id, attempt, "CANCELLED", null, null);
                    } else {
                        store.requeue(id, attempt);
                    }
                    return stop;
                }
                boolean overlap = share.getAsInt() > 1;
                if (reads.isEmpty()) {
                    reads.submit(read(id, next++));
                }
                ChunkCodec.InputChunk input = reads.takeOldest();
                while (overlap && !reads.full() && next < total) {
                    reads.submit(read(id, next++));
                }
                if (writes.full() && !commit(id, attempt, writes.takeOldest())) {
                    return Next.ABANDON;
                }
                int done = seq;
                long first = firstRow;
                writes.submit(() -> {
                    ChunkScorer.Scored scored = chunks.score(input);
                    String stats = scored.sums() == null ? null : scored.sums().encode();
                    return new Done(done, first, input.rows(), scored.packed(), stats);
                });
                if (!overlap && !commitAll(id, attempt, writes)) {
                    return Next.ABANDON;
                }
                firstRow += input.rows();
            }
            return commitAll(id, attempt, writes) ? null : Next.ABANDON;
        }
    }

    private Callable<ChunkCodec.InputChunk> read(String id, int seq) {
        return () -> ChunkCodec.readInput(store.inputChunk(id, seq));
    }

    private boolean commitAll(String id, int attempt, Window<Done> writes) {
        while (!writes.isEmpty()) {
            if (!commit(id, attempt, writes.takeOldest())) {
                return false;
            }
        }
        return true;
    }

    private boolean commit(String id, int attempt, Done done) {
        if (store.commitChunk(id, attempt, done.seq(), done.firstRow(), done.rows(), done.data(), done.stats())) {
            return true;
        }
        log.warn("Batch {}: attempt {} was fenced at chunk {}; another worker has it", id, attempt, done.seq());
        return false;
    }

    private String metrics(String id, List<String> classes) {
        EvaluationSums total = new EvaluationSums(classes.size());
        for (String stats : store.stats(id)) {
            if (stats != null) {
                total.add(EvaluationSums.decode(stats));
            }
        }
        return BatchJson.write(total.metrics(classes));
    }
}
