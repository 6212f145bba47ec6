package io.dropwise.batch;

import java.time.Duration;

/**
 * Scoring during an upload, while it keeps pace with the parsing: the parser hands each full chunk to the upload's
 * scoring threads and waits only when they are behind. Once those waits add up to more than the budget
 * ({@code dropwise.batch.upload-scoring-wait}), the rest of the chunks are stored as input and the queue scores them,
 * so a large model never holds the client's request for long. The chunks scored are always the first ones, as the
 * queue's worker expects (it goes on from {@code chunksDone}). Used by the request's thread only.
 */
final class UploadScoring {

    private final long budgetNanos;
    private ChunkScorer scorer;
    private long waitedNanos;
    private int chunks;
    private long rows;

    /** @param scorer null: nothing is scored during the upload */
    UploadScoring(ChunkScorer scorer, Duration budget) {
        this.scorer = scorer;
        this.budgetNanos = budget.toNanos();
    }

    /** True while chunks are scored during the upload. */
    boolean scoring() {
        return scorer != null;
    }

    /** The scorer of the next chunk, of {@code chunkRows} rows; null: store it as input, the queue scores it. */
    ChunkScorer next(int chunkRows) {
        if (scorer != null) {
            chunks++;
            rows += chunkRows;
        }
        return scorer;
    }

    /** The parser waited this long for the scoring threads; beyond the budget the rest goes to the queue. */
    void waited(long nanos) {
        if (scorer == null) {
            return;
        }
        waitedNanos += nanos;
        if (waitedNanos > budgetNanos) {
            scorer = null;
        }
    }

    /** Chunks handed over to be scored (the first ones). */
    int chunks() {
        return chunks;
    }

    /** Rows of those chunks. */
    long rows() {
        return rows;
    }
}
