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
 * @param blasThreads threads of this run's matrix products (0 means 1): a speed setting only, since products are
 *     cut into blocks that do not depend on it, so any thread count gives the same bits. Each run has its own
 *     threads; on a machine whose cores are shared by several runs, 1 is the right value.
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
