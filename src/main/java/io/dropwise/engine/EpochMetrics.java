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
     * run's bits do not change). 2,048 rows give the training loss a standard error within about 2% of its own
     * spread and the accuracy within about 1 point, enough for the gap; evaluating the whole split of a large dataset
     * would cost about a third of an epoch's training.
     */
    public static final int TRAIN_METRICS_ROWS = 2048;

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
