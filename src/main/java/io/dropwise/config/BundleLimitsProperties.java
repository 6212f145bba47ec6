package io.dropwise.config;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The size limit of a model bundle imported with {@code POST /models/{name}/versions}
 * ({@code dropwise.limits.max-bundle-bytes}); the body streams in, so it is not bounded by
 * {@code max-request-bytes}. A bigger body is refused with 413 (at once when {@code Content-Length} says so) and
 * nothing is stored.
 *
 * @param maxBundleBytes size of an imported model bundle (413 beyond)
 */
@Validated
@ConfigurationProperties("dropwise.limits")
public record BundleLimitsProperties(
        @DefaultValue("268435456") @Positive long maxBundleBytes) {}
