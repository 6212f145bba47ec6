package io.dropwise.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Completion webhooks ({@code dropwise.webhooks.*}): the {@code notify} of a job, sweep or batch prediction.
 *
 * @param signingSecret the server-wide HMAC-SHA256 key that signs a delivery whose {@code notify} has no
 *     {@code secret} of its own (at least 16 characters); empty: every {@code notify} must bring its own secret
 * @param allowPrivate accept targets that resolve to loopback, link-local, private, unspecified or multicast
 *     addresses (off: such a {@code notify.url} is refused at submission and again at every delivery)
 * @param maxAttempts deliveries attempted per event before it is given up (FAILED in the delivery log)
 * @param initialBackoff the wait after the first failed attempt; each further failure doubles it
 * @param maxBackoff the longest wait between two attempts
 * @param connectTimeout the longest a delivery waits for the receiver's TCP (and TLS) connection
 * @param readTimeout the longest a delivery waits for the receiver's response status once connected
 * @param threads deliveries in flight at once on this instance: their own threads and their own scheduler table
 *     ({@code webhook_tasks}), so a slow receiver never holds a training worker
 */
@Validated
@ConfigurationProperties("dropwise.webhooks")
public record WebhookProperties(
        @DefaultValue("") @NotNull @Pattern(regexp = "|.{16,}", message = "must be empty or at least 16 characters")
        String signingSecret,

        @DefaultValue("false") boolean allowPrivate,
        @DefaultValue("8") @Min(1) @Max(50) int maxAttempts,
        @DefaultValue("10s") @NotNull Duration initialBackoff,
        @DefaultValue("1h") @NotNull Duration maxBackoff,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("10s") @NotNull Duration readTimeout,
        @DefaultValue("2") @Min(1) @Max(32) int threads) {

    /** Whether a server-wide signing secret is configured. */
    public boolean hasSigningSecret() {
        return !signingSecret.isEmpty();
    }
}
