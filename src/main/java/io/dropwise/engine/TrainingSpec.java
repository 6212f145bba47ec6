package io.dropwise.engine;

/**
 * How to train.
 *
 * @param l1 L1 penalty coefficient on weights (not biases)
 * @param l2 L2 penalty coefficient on weights (not biases); coupled weight decay
 * @param maxNorm max-norm constraint {@code c} on each unit's incoming weight vector; 0 disables it. Under inverted
 *     dropout the weights are {@code q} times the paper's (q the keep probability of the layer's input), so c here
 *     is {@code c/q} in the paper's terms: c = 3 with hidden dropout 0.5 is the paper's c = 6, and the paper's c = 3
 *     is {@code maxNorm = 3·q} (1.5 at p = 0.5). With weight scaling, c is the paper's c.
 * @param validationFraction fraction of rows held out (stratified for classification, seeded); 0 trains on all
 * @param seed seeds shuffling, the split, initialization and dropout masks
 * @param checkpointEveryEpochs emit a checkpoint every this many epochs (and always at the end); 0 = only at the end
 * @param blasThreads the most threads this run's matrix products use; 0 sets no cap (every core the JVM sees, or as
 *     many as the caller of {@link Trainer#fit(Dataset, TrainingListener, java.util.function.BooleanSupplier,
 *     java.util.function.IntSupplier)} gives it, batch by batch). A speed setting only: products are cut into blocks
 *     that do not depend on it, so any thread count gives the same bits.
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
