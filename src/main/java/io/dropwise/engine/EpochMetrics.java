package io.dropwise.engine;

/**
 * What one epoch measured. Not-applicable values are {@code NaN} (e.g. accuracy for regression, every validation
 * figure when there is no validation split). Train accuracy is measured with dropout off.
 *
 * @param gap generalization gap: validation loss minus train loss (train loss measured with dropout off)
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double validationRmse,
        double gap,
        double learningRate,
        long epochMillis,
        double samplesPerSecond) {}
