package io.dropwise.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Serving settings ({@code dropwise.prediction.*}).
 *
 * @param cacheMaxBytes decoded models kept in memory, bounded by the sum of their encoded sizes (least recently
 *     used evicted first); a single model bigger than the bound is still served and kept alone
 * @param resolutionTtl how long an instance trusts its in-memory "name → latest version and aliases" map for changes
 *     made by <em>other</em> instances (changes made through this instance are seen at once)
 * @param defaultMcSamples Monte-Carlo dropout passes when a request asks for MC dropout without {@code samples}
 * @param defaultMcSeed the seed when a request asks for MC dropout without {@code seed}
 */
@Validated
@ConfigurationProperties("dropwise.prediction")
public record PredictionProperties(
        @DefaultValue("268435456") @Positive long cacheMaxBytes,
        @DefaultValue("2s") @NotNull Duration resolutionTtl,
        @DefaultValue("50") @Min(1) int defaultMcSamples,
        @DefaultValue("0") long defaultMcSeed) {}
