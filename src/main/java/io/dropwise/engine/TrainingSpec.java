package io.dropwise.engine;

/**
 * How to train.
 *
 * @param l1 L1 penalty coefficient on weights (not biases)
 * @param l2 L2 penalty coefficient on weights (not biases); coupled weight decay
 * @param maxNorm max-norm constraint {@code c} on each unit's incoming weight vector; 0 disables it
 * @param validationFraction fraction of rows held out (stratified for classification, seeded); 0 trains on all
 * @param seed seeds shuffling, the split, initialization and dropout masks
 * @param checkpointEveryEpochs emit a checkpoint every this many epochs (and always at the end); 0 = only at the end
 * @param blasThreads matrix-product threads (0 keeps the current setting). OpenBLAS holds this setting
 *     process-wide: a run sets it when it starts, so concurrent runs share the value set last. Same seed and thread
 *     count give bit-identical results (with this OpenBLAS build the thread count does not change them either). On a
 *     machine where runs share the cores, 1 is the right value: OpenBLAS threads spin while waiting for each other and
 *     collapse when another process holds a core.
 */
public record TrainingSpec(
        int epochs,
        int batchSize,
        OptimizerSpec optimizer,
        double l1,
        double l2,
        double maxNorm,
        LearningRateSchedule schedule,
        double validationFraction,
        EarlyStopping earlyStopping,
        FeatureScaling featureScaling,
        long seed,
        int checkpointEveryEpochs,
        int blasThreads) {}
