package io.dropwise.engine;

/** Progress callbacks, called on the training thread. Every hook defaults to a no-op. */
public interface TrainingListener {

    default void onEpochEnd(EpochMetrics metrics) {}

    /**
     * A checkpoint was taken (every {@code checkpointEveryEpochs}, at the end, and when a stop is requested). An
     * exception thrown here aborts training: a checkpoint that cannot be saved is not silently skipped.
     */
    default void onCheckpoint(Checkpoint checkpoint) {}

    TrainingListener NONE = new TrainingListener() {};
}
