package io.dropwise.engine;

/**
 * Early-stopping and best-model bookkeeping of a run.
 *
 * @param score best monitored value so far (lower is better: the loss, or minus the accuracy), +∞ before any
 * @param bestEpoch 1-based epoch of {@code weights}, 0 before any
 * @param epochsSinceBest epochs without improvement
 * @param weights canonical state of the best epoch, or null when not tracked (no validation split)
 * @param bestMetrics metrics of the best epoch, or null
 * @param lastMetrics metrics of the last completed epoch, or null before the first
 */
record BestSoFar(
        double score,
        int bestEpoch,
        int epochsSinceBest,
        float[][] weights,
        EpochMetrics bestMetrics,
        EpochMetrics lastMetrics) {

    static BestSoFar initial() {
        return new BestSoFar(Double.POSITIVE_INFINITY, 0, 0, null, null, null);
    }

    /** The state after an epoch; {@code score} is NaN without validation (then the last epoch is the best). */
    BestSoFar after(EpochMetrics metrics, double epochScore, float[][] currentWeights) {
        if (Double.isNaN(epochScore)) {
            return new BestSoFar(score, metrics.epoch(), 0, null, metrics, metrics);
        }
        if (epochScore < score) {
            return new BestSoFar(epochScore, metrics.epoch(), 0, currentWeights, metrics, metrics);
        }
        return new BestSoFar(score, bestEpoch, epochsSinceBest + 1, weights, bestMetrics, metrics);
    }
}
