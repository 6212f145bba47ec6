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

    TrainingListener NONE = new TrainingListener() {};
}
