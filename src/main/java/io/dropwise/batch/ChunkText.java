package io.dropwise.batch;

import io.dropwise.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The passed-through text (the values of the columns that are not features) of the chunk an upload is reading, kept
 * within {@code dropwise.batch.max-chunk-text-chars}: an upload holds a few chunks in memory at a time (the one being
 * read, the ones being stored or scored), each with its text and its result text, so this, not the file's size,
 * bounds its memory.
 */
final class ChunkText {

    private final long max;
    private long chars;

    ChunkText(long max) {
        this.max = max;
    }

    /**
     * Counts a row's passed-through values into the chunk's text.
     *
     * @throws ApiException 413 {@code batch-too-large} once the chunk's text is over the limit
     */
    void add(String[] passed, long row) {
        for (String value : passed) {
            chars += value.length();
        }
        if (chars > max) {
            long first = (row - 1) / BatchSubmission.CHUNK_ROWS * BatchSubmission.CHUNK_ROWS + 1;
            throw new ApiException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "batch-too-large",
                    "Batch too large",
                    "Rows " + first + " to " + row + " carry more than " + max + " characters in their columns that"
                            + " are not features, the most one chunk of " + BatchSubmission.CHUNK_ROWS + " rows takes"
                            + " (dropwise.batch.max-chunk-text-chars). Send long texts (documents, blobs) elsewhere"
                            + " and keep an id here.");
        }
    }

    /** A new chunk begins. */
    void reset() {
        chars = 0;
    }
}
