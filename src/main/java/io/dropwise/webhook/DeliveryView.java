package io.dropwise.webhook;

import java.time.Instant;
import java.util.List;

/**
 * One event delivery as the delivery log shows it (never with its secret).
 *
 * @param id the {@code Dropwise-Webhook-Id} every attempt of this delivery carries: receivers dedupe on it
 * @param type the event type, e.g. {@code job.succeeded}
 * @param status {@code PENDING} (to be attempted at {@code nextAttemptAt}), {@code SUCCEEDED} (a 2xx was received)
 *     or {@code FAILED} (given up: attempts exhausted or the target refused)
 * @param attempts attempts started so far
 * @param nextAttemptAt when the next attempt is due; null once the delivery is over
 * @param deliveredAt when the receiver answered 2xx
 * @param lastError why the last attempt failed, null after a success
 * @param attemptLog every attempt, oldest first
 */
public record DeliveryView(
        String id,
        String type,
        String url,
        String status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        String lastError,
        List<Attempt> attemptLog) {

    /**
     * @param statusCode the receiver's HTTP status, null when there was no response (see {@code error})
     * @param error what went wrong (timeout, connection refused, non-2xx, refused target), null on success
     * @param finishedAt null while the attempt is in flight
     */
    public record Attempt(int attempt, Instant startedAt, Instant finishedAt, Integer statusCode, String error) {}
}
