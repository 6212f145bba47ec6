package io.dropwise.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every limit a client can run into ({@code dropwise.limits.*}).
 *
 * @param maxParameters weights and biases of one job's network
 * @param maxUnitsPerLayer units of a hidden layer
 * @param maxLayers hidden layers of a job's network
 * @param maxEpochs epochs of a job
 * @param maxBatchSize batch size of a job
 * @param maxUploadBytes size of a dataset upload, raw or multipart (413 beyond)
 * @param maxRows data rows of a dataset
 * @param maxColumns columns of a dataset
 * @param maxInstancesPerPredict instances of one prediction request (413 beyond)
 * @param maxMcSamples Monte-Carlo dropout passes of one prediction request
 * @param maxQueuedJobs jobs waiting for a worker, all instances together; beyond: 429 with Retry-After
 */
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
