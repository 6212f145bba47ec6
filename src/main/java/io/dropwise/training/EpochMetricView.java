package io.dropwise.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One epoch's metrics. Values that do not apply are omitted: accuracy for regression, {@code validationRmse} for
 * classification, every validation figure without a validation split.
 *
 * @param gap generalization gap: validation loss minus train loss (both with dropout off)
 * @param time where the epoch's time went on its training thread (absent for epochs recorded before it existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochMetricView(
        int epoch,
        Double trainLoss,
        Double trainAccuracy,
        Double validationLoss,
        Double validationAccuracy,
        Double validationRmse,
        Double gap,
        Double learningRate,
        long epochMillis,
        Double samplesPerSecond,
        EpochTimeView time,
        Instant createdAt) {}
