package io.dropwise.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Every limit a client can run into ({@code dropwise.limits.*}). */
@Validated
@ConfigurationProperties("dropwise.limits")
public record LimitsProperties(
        @DefaultValue("50000000") long maxParameters,
        @DefaultValue("4096") int maxUnitsPerLayer,
        @DefaultValue("16") int maxLayers,
        @DefaultValue("10000") int maxEpochs,
        @DefaultValue("8192") int maxBatchSize,
        @DefaultValue("67108864") long maxUploadBytes,
        @DefaultValue("1000000") int maxRows,
        @DefaultValue("4096") int maxColumns,
        @DefaultValue("1024") int maxInstancesPerPredict,
        @DefaultValue("1000") int maxMcSamples,
        @DefaultValue("100") int maxQueuedJobs) {}
