package io.dropwise.engine;

/** Progress callbacks, called on the training thread. Every hook defaults to a no-op. */
public interface TrainingListener {

    default void onEpochEnd(EpochMetrics metrics) {}

    /**
     * An epoch ended; {@code bestEpoch} is the epoch whose weights the run would return now (the engine's rule:
     * the best monitored validation score, the earliest on ties, a non-finite score never best; without a
     * validation split the last epoch), 0 when no epoch qualifies yet. Defaults to {@link #onEpochEnd(EpochMetrics)}.
     */
    default void onEpochEnd(EpochMetrics metrics, int bestEpoch) {
        onEpochEnd(metrics);
    }

    /**
     * A checkpoint was taken (every {@code checkpointEveryEpochs}, at the end, and when a stop is requested). An
     * exception thrown here aborts training: a checkpoint that cannot be saved is not silently skipped.
     */
    default void onCheckpoint(Checkpoint checkpoint) {}

    /**
     * Asked at the end of an epoch after which {@code checkpointEveryEpochs} takes a periodic checkpoint (not the last
     * epoch, not an early stop, not a stop request): false skips that checkpoint, so the state is not even copied.
     * Training goes on exactly the same either way (a checkpoint is a copy of the state, never a change to it), so a
     * resume from any checkpoint that was taken stays bit-identical. Defaults to true.
     */
    default boolean checkpointDue(int epoch) {
        return true;
    }

    /**
     * An epoch ended and no checkpoint follows it: not a periodic checkpoint epoch (or {@link #checkpointDue} said
     * no), not the last epoch, not an early stop. What would have gone with the epoch's checkpoint can go now.
     * Defaults to a no-op.
     */
    default void onEpochWithoutCheckpoint(int epoch) {}

    TrainingListener NONE = new TrainingListener() {};
}
