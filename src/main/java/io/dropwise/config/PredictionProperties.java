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
 * @param maxWork the most multiply-adds one request may cost: rows × passes × model parameters, where passes is 1,
 *     or 1 + samples with MC dropout (beyond it: 413 before any computing)
 * @param timeout the longest an MC dropout request may wait and compute (checked between passes; 503 beyond)
 * @param maxConcurrentMonteCarlo MC dropout requests computing at once on this instance (0: half the cores, at least
 *     1), so that plain predictions keep cores for themselves
 * @param maxQueuedMonteCarlo MC dropout requests that may wait for one of those slots; more get 503 at once, so
 *     waiting requests never hold the request threads plain predictions need
 */
@Validated
@ConfigurationProperties("dropwise.prediction")
public record PredictionProperties(
        @DefaultValue("268435456") @Positive long cacheMaxBytes,
        @DefaultValue("2s") @NotNull Duration resolutionTtl,
        @DefaultValue("50") @Min(1) int defaultMcSamples,
        @DefaultValue("0") long defaultMcSeed,
        @DefaultValue("10000000000") @Positive long maxWork,
        @DefaultValue("30s") @NotNull Duration timeout,
        @DefaultValue("0") @Min(0) int maxConcurrentMonteCarlo,
        @DefaultValue("4") @Min(0) int maxQueuedMonteCarlo) {}
