package io.dropwise.engine;

/**
 * What one epoch measured. Not-applicable values are {@code NaN} (e.g. accuracy for regression, every validation
 * figure when there is no validation split). Train accuracy is measured with dropout off.
 *
 * @param gap generalization gap: validation loss minus train loss (train loss measured with dropout off)
 * @param epochMillis the epoch's time from its first batch to the end of its evaluation
 * @param trainingMillis of which: the batches (forward, backward, update)
 * @param evaluationMillis of which: the dropout-off evaluation (training metrics on a fixed sample of at most
 *     {@link #TRAIN_METRICS_ROWS} training rows, validation metrics on the whole validation split)
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
        double samplesPerSecond,
        long trainingMillis,
        long evaluationMillis) {

    /**
     * Training rows the per-epoch training metrics are computed on (dropout off): all of them up to this many, else
     * this many spread evenly over the training split (the same rows every epoch, chosen without randomness, so the
     * run's bits do not change). 512 rows give the training loss a standard error within about 4.5% of its own
     * spread and the accuracy within about 2 points, enough for the curve and the gap (the same rows every epoch, so
     * the curve does not jitter with the sample). Evaluation is forward passes at full price: on the reference workload
     * (8,000 training rows, 2,000 validation rows, 784-1024-1024-10) the whole validation split alone costs about 7%
     * of an epoch, 2,048 sampled rows took the evaluation to 12–13% of the epoch, 512 rows keep it under 10%.
     */
    public static final int TRAIN_METRICS_ROWS = 512;

    /** Without the time breakdown (0, 0), as checkpoints store the metrics. */
    public EpochMetrics(
            int epoch,
            double trainLoss,
            double trainAccuracy,
            double validationLoss,
            double validationAccuracy,
            double validationRmse,
            double gap,
            double learningRate,
            long epochMillis,
            double samplesPerSecond) {
        this(
                epoch,
                trainLoss,
                trainAccuracy,
                validationLoss,
                validationAccuracy,
                validationRmse,
                gap,
                learningRate,
                epochMillis,
                samplesPerSecond,
                0,
                0);
    }
}
