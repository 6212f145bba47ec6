package io.dropwise.config;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The size limit of request bodies other than dataset uploads ({@code dropwise.limits.max-request-bytes}); uploads
 * to {@code /datasets} are bounded by {@code dropwise.limits.max-upload-bytes} ({@link LimitsProperties}). A
 * bigger body is refused with 413 before it is read.
 *
 * @param maxRequestBytes size of a request body other than a dataset upload (413 beyond)
 */
@Validated
@ConfigurationProperties("dropwise.limits")
public record RequestLimitsProperties(
        @DefaultValue("16777216") @Positive long maxRequestBytes) {}
