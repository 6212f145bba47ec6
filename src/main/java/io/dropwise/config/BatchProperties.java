package io.dropwise.config;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Batch predictions ({@code dropwise.batch.*}). Their input is streamed into the database in compressed chunks, so
 * these bound storage and time, not memory.
 *
 * @param maxInputBytes size of a {@code POST /batch-predictions} body, raw {@code text/csv} (413 beyond); a multipart
 *     upload is also bounded by {@code spring.servlet.multipart.max-request-size}
 * @param maxRows data rows of one batch (413 beyond)
 * @param maxLineBytes bytes of one line of a batch's CSV, the header's too (413 beyond): an upload holds a line in
 *     memory while it reads it; 128 KiB takes a row of 4,096 features at full float precision
 * @param maxChunkTextChars characters in the columns that are not features (ids, labels, any text) of one chunk of
 *     1,024 rows (413 beyond): an upload holds a few chunks at a time, so with the line limit this bounds its memory
 *     whatever the file's size
 * @param scoreDuringUpload score the input's chunks on the instance receiving the upload while the rest still
 *     arrives (the queued job then has nothing or little left to do; not with MC dropout); off: every chunk is
 *     stored and scored on the queue
 * @param uploadScoringWait how long, in all, an upload's answer may wait for scoring during the upload (when scoring
 *     falls behind the parsing, e.g. a large model): beyond it the rest of the chunks are stored and the queue scores
 *     them, so the 202 comes back about when the body is in
 */
@Validated
@ConfigurationProperties("dropwise.batch")
public record BatchProperties(
        @DefaultValue("4294967296") @Positive long maxInputBytes,
        @DefaultValue("50000000") @Positive long maxRows,
        @DefaultValue("131072") @Positive int maxLineBytes,
        @DefaultValue("16777216") @Positive long maxChunkTextChars,
        @DefaultValue("true") boolean scoreDuringUpload,
        @DefaultValue("5s") Duration uploadScoringWait) {}
