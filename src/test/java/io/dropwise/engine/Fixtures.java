package io.dropwise.engine;

import java.util.List;

/** Small specs and datasets shared by the engine tests. */
final class Fixtures {

    private Fixtures() {}

    static NetworkSpec classifier(
            int inputs, int classes, double inputDrop, DropoutScaling scaling, LayerSpec... hidden) {
        return new NetworkSpec(inputs, classes, Task.CLASSIFICATION, inputDrop, List.of(hidden), scaling);
    }

    static NetworkSpec regressor(int inputs, double inputDrop, LayerSpec... hidden) {
        return new NetworkSpec(inputs, 1, Task.REGRESSION, inputDrop, List.of(hidden), DropoutScaling.INVERTED);
    }

    static TrainingSpec training(
            int epochs, int batchSize, OptimizerSpec optimizer, double validationFraction, long seed) {
        return new TrainingSpec(
                epochs,
                batchSize,
                optimizer,
                0,
                0,
                0,
                LearningRateSchedule.constant(),
                validationFraction,
                EarlyStopping.off(),
                FeatureScaling.STANDARDIZE,
                seed,
                0,
                1);
    }

    static TrainingSpec withEarlyStopping(TrainingSpec t, int patience) {
        return withEarlyStopping(t, new EarlyStopping(patience, EarlyStopping.Metric.VALIDATION_LOSS));
    }

    static TrainingSpec withEarlyStopping(TrainingSpec t, EarlyStopping earlyStopping) {
        return new TrainingSpec(
                t.epochs(),
                t.batchSize(),
                t.optimizer(),
                t.l1(),
                t.l2(),
                t.maxNorm(),
                t.schedule(),
                t.validationFraction(),
                earlyStopping,
                t.featureScaling(),
                t.seed(),
                t.checkpointEveryEpochs(),
                t.blasThreads());
    }

    static TrainingSpec withSchedule(TrainingSpec t, LearningRateSchedule schedule) {
        return new TrainingSpec(
                t.epochs(),
                t.batchSize(),
                t.optimizer(),
                t.l1(),
                t.l2(),
                t.maxNorm(),
                schedule,
                t.validationFraction(),
                t.earlyStopping(),
                t.featureScaling(),
                t.seed(),
                t.checkpointEveryEpochs(),
                t.blasThreads());
    }

    static TrainingSpec withRegularization(TrainingSpec t, double l1, double l2, double maxNorm) {
        return new TrainingSpec(
                t.epochs(),
                t.batchSize(),
                t.optimizer(),
                l1,
                l2,
                maxNorm,
                t.schedule(),
                t.validationFraction(),
                t.earlyStopping(),
                t.featureScaling(),
                t.seed(),
                t.checkpointEveryEpochs(),
                t.blasThreads());
    }

    /** Gaussian blobs: class c centred at c along every feature, noise {@code spread}. */
    /** A 1×size matrix of standard normal values. */
    static Matrix gaussian(int size, long seed) {
        Matrix x = new Matrix(1, size);
        Rng rng = new Rng(seed);
        for (int i = 0; i < size; i++) {
            x.set(i, (float) rng.nextGaussian());
        }
        return x;
    }

    static Dataset blobs(int rows, int features, int classes, double spread, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * features];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % classes;
            for (int j = 0; j < features; j++) {
                double centre = ((labels[r] + j) % classes) * 1.5;
                x[r * features + j] = (float) (centre + spread * rng.nextGaussian());
            }
        }
        return Dataset.classification(rows, features, x, labels, classes);
    }

    /** y = sum of sin(x_j) plus a little noise. */
    static Dataset waves(int rows, int features, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < features; j++) {
                float v = (float) (rng.nextDouble() * 4 - 2);
                x[r * features + j] = v;
                sum += Math.sin(v);
            }
            y[r] = (float) (3 * sum + 10 + 0.05 * rng.nextGaussian());
        }
        return Dataset.regression(rows, features, x, y);
    }
}
