package io.dropwise.engine;

/**
 * Everything needed to continue a run exactly: specs, weights, batch-norm statistics, optimizer state, RNG state,
 * epoch and data-order position, early-stopping state and the best weights so far. Encoded by
 * {@link CheckpointCodec}.
 */
public final class Checkpoint {

    private Checkpoint() {}

    /** Epochs completed when the checkpoint was taken. */
    public int epoch() {
        throw new IllegalStateException("engine: checkpoint pending");
    }

    /** Batches completed within the next epoch (0 at an epoch boundary). */
    public int batch() {
        throw new IllegalStateException("engine: checkpoint pending");
    }

    /** Validation loss of the last completed epoch, NaN without a validation split or before the first epoch. */
    public double validationLoss() {
        throw new IllegalStateException("engine: checkpoint pending");
    }
}
