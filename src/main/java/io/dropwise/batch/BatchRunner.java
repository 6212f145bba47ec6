package io.dropwise.batch;

import io.dropwise.config.TrainingProperties;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.BatchScoring;
import io.dropwise.prediction.BatchScoring.McSettings;
import io.dropwise.prediction.BatchScoring.Scorer;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

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

    private final BatchStore store;
    private final BatchScoring scoring;
    private final String instance;

    BatchRunner(BatchStore store, BatchScoring scoring, TrainingProperties training) {
        this.store = store;
        this.scoring = scoring;
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
            long firstRow = batch.rowsDone();
            for (int seq = batch.chunksDone(); seq < batch.totalChunks(); seq++) {
                if (store.cancelRequested(id)) {
                    store.finish(id, attempt, "CANCELLED", null, null);
                    return Next.DONE;
                }
                if (shuttingDown.getAsBoolean()) {
                    store.requeue(id, attempt);
                    return Next.REQUEUE;
                }
                ChunkCodec.InputChunk input = ChunkCodec.readInput(store.inputChunk(id, seq));
                ChunkScorer.Scored scored = chunks.score(input);
                String stats = scored.sums() == null ? null : scored.sums().encode();
                byte[] data = ChunkCodec.text(scored.csv());
                if (!store.commitChunk(id, attempt, seq, firstRow, input.rows(), data, stats)) {
                    log.warn("Batch {}: attempt {} was fenced at chunk {}; another worker has it", id, attempt, seq);
                    return Next.ABANDON;
                }
                firstRow += input.rows();
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

    private String metrics(String id, List<String> classes) {
        EvaluationSums total = new EvaluationSums(classes.size());
        for (String stats : store.stats(id)) {
            if (stats != null) {
                total.add(EvaluationSums.decode(stats));
            }
        }
        return JsonMapper.shared().writeValueAsString(total.metrics(classes));
    }
}
