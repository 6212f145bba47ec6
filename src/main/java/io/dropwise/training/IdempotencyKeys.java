package io.dropwise.training;

import io.dropwise.config.TrainingProperties;
import io.dropwise.security.Callers;
import io.dropwise.web.ApiException;
import io.dropwise.web.ValidationException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} of {@code POST /jobs}: a key belongs to the caller that sent it (its API key, or the one
 * anonymous caller when keys are off), so another caller's key neither replays nor reveals a job; it replays its job
 * for {@code dropwise.training.idempotency-key-ttl} and is free for a new job after that.
 */
@Component
class IdempotencyKeys {

    static final int MAX_LENGTH = 255;
    private static final String RULE = "must be 1-" + MAX_LENGTH + " visible ASCII characters (a UUID works)";

    /** A valid key and the caller it belongs to. */
    record Key(String scope, String value) {}

    private final TrainingJobRepository jobs;
    private final TrainingProperties properties;

    IdempotencyKeys(TrainingJobRepository jobs, TrainingProperties properties) {
        this.jobs = jobs;
        this.properties = properties;
    }

    /**
     * The current caller's key, or null without one.
     *
     * @throws ValidationException for a blank, too long or non-ASCII key
     */
    Key parse(String header) {
        if (header == null) {
            return null;
        }
        if (header.isBlank() || header.length() > MAX_LENGTH || !header.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
            throw ValidationException.of("Idempotency-Key", RULE);
        }
        return new Key(Callers.current(), header);
    }

    /**
     * The job this caller already submitted with the key, if the key has not expired.
     *
     * @throws ApiException 422 when the key named a job with a different spec
     */
    Optional<TrainingJobEntity> replay(Key key, String requestHash) {
        return jobs.findByIdempotencyScopeAndIdempotencyKey(key.scope(), key.value())
                .filter(existing -> !existing.getCreatedAt().isBefore(expiredBefore()))
                .map(existing -> {
                    if (!existing.getRequestHash().equals(requestHash)) {
                        throw new ApiException(
                                        HttpStatus.UNPROCESSABLE_CONTENT,
                                        "idempotency-key-reused",
                                        "Idempotency key reused",
                                        "The Idempotency-Key '" + key.value()
                                                + "' was already used for job " + existing.getId()
                                                + " with a different spec. Use a new key for a different job.")
                                .with("jobId", existing.getId());
                    }
                    return existing;
                });
    }

    /** Frees the key if it expired; call inside the submitting transaction, before the insert. */
    void releaseIfExpired(Key key) {
        jobs.releaseIdempotencyKey(key.scope(), key.value(), expiredBefore());
    }

    private Instant expiredBefore() {
        return Instant.now().minus(properties.idempotencyKeyTtl());
    }
}
