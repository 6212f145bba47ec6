package io.dropwise.engine;

/**
 * Learning-rate decay per epoch.
 *
 * @param stepEpochs for {@link Kind#STEP}: multiply by {@code gamma} every {@code stepEpochs} epochs
 * @param minLearningRate for {@link Kind#COSINE}: the rate reached at the last epoch
 */
public record LearningRateSchedule(Kind kind, int stepEpochs, double gamma, double minLearningRate) {

    public enum Kind {
        CONSTANT,
        STEP,
        COSINE
    }

    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(Kind.CONSTANT, 1, 1, 0);
    }
}
