package io.dropwise.engine;

/**
 * Everything needed to continue a run exactly: specs, weights, batch-norm statistics, optimizer state, RNG state,
 * epoch and data-order position, early-stopping state and the best weights so far. Encoded by
 * {@link CheckpointCodec}. Immutable.
 */
public final class Checkpoint {

    final NetworkSpec networkSpec;
    final TrainingSpec trainingSpec;
    final long dataFingerprint;
    final float[][] weights;
    final float[][] optimizerState;
    final long optimizerStep;
    final long rngState;
    final int epoch;
    final int batch;
    /** The current epoch's data order, or null at an epoch boundary before it is drawn. */
    final int[] permutation;

    final double validationLoss;
    final BestSoFar best;

    Checkpoint(
            NetworkSpec networkSpec,
            TrainingSpec trainingSpec,
            long dataFingerprint,
            float[][] weights,
            float[][] optimizerState,
            long optimizerStep,
            long rngState,
            int epoch,
            int batch,
            int[] permutation,
            double validationLoss,
            BestSoFar best) {
        this.networkSpec = networkSpec;
        this.trainingSpec = trainingSpec;
        this.dataFingerprint = dataFingerprint;
        this.weights = weights;
        this.optimizerState = optimizerState;
        this.optimizerStep = optimizerStep;
        this.rngState = rngState;
        this.epoch = epoch;
        this.batch = batch;
        this.permutation = permutation;
        this.validationLoss = validationLoss;
        this.best = best;
    }

    /** Epochs completed when the checkpoint was taken. */
    public int epoch() {
        return epoch;
    }

    /** Batches completed within the next epoch (0 at an epoch boundary). */
    public int batch() {
        return batch;
    }

    /**
     * True for a checkpoint taken inside an epoch, where a stop request ended the run at a batch boundary (the
     * epoch's data order is drawn); false for one taken at the end of an epoch.
     */
    public boolean withinEpoch() {
        return permutation != null;
    }

    /** Validation loss of the last completed epoch, NaN without a validation split or before the first epoch. */
    public double validationLoss() {
        return validationLoss;
    }

    /** The epoch the run would return at this point (see {@link TrainingListener#onEpochEnd(EpochMetrics, int)}). */
    public int bestEpoch() {
        return best.bestEpoch();
    }

    public NetworkSpec networkSpec() {
        return networkSpec;
    }

    public TrainingSpec trainingSpec() {
        return trainingSpec;
    }
}
