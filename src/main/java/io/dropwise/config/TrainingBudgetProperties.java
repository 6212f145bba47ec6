package io.dropwise.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What a job may need to train and to checkpoint on this instance ({@code dropwise.budget.*}), checked when the job
 * is submitted (see {@code training.TrainingBudget}).
 *
 * @param heapFraction the share of the JVM's maximum heap ({@code -Xmx}) that running jobs may take together; each
 *     of the {@code dropwise.training.concurrency} jobs may estimate at most {@code max heap × heapFraction /
 *     concurrency}. The rest is for the service itself: datasets, loaded models, requests, the database's cache.
 * @param maxCheckpointBytes the largest checkpoint (weights, optimizer state and best weights) a job may write; a
 *     job keeps up to {@code checkpoint-retention} + 2 of them in the database
 */
@Validated
@ConfigurationProperties("dropwise.budget")
public record TrainingBudgetProperties(
        @DefaultValue("0.6") @DecimalMin("0.05") @DecimalMax("0.95")
        double heapFraction,

        @DefaultValue("1GB") DataSize maxCheckpointBytes) {}
