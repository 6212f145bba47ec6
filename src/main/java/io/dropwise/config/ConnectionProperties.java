package io.dropwise.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How request bodies are received ({@code dropwise.server.*}). A body is read without holding a request thread (the
 * thread is taken only once the whole body is there), so that clients that send slowly cannot occupy the server.
 *
 * @param bodyReadTimeout the time a body may take on top of what {@code minBodyRate} allows for its size (408 beyond)
 * @param minBodyRate the slowest rate a body may arrive at (bytes per second) once {@code bodyReadTimeout} is spent
 * @param prefetchBudget the bytes of bodies held in memory while they arrive, over all requests; a body that does not
 *     fit is read the ordinary way (on the request thread), within Tomcat's connection timeout per read
 */
@Validated
@ConfigurationProperties("dropwise.server")
public record ConnectionProperties(
        @DefaultValue("10s") @NotNull Duration bodyReadTimeout,
        @DefaultValue("16KB") @NotNull DataSize minBodyRate,
        @DefaultValue("256MB") @NotNull DataSize prefetchBudget) {

    public ConnectionProperties {
        if (minBodyRate.toBytes() <= 0) {
            throw new IllegalArgumentException("dropwise.server.min-body-rate must be positive");
        }
    }

    /** How long a body of {@code bytes} may take to arrive. */
    public Duration bodyDeadline(long bytes) {
        return bodyReadTimeout.plusMillis(Math.max(0, bytes) * 1000 / minBodyRate.toBytes());
    }
}
