package io.dropwise.engine;

/**
 * Learning-rate decay per epoch.
 *
 * @param stepEpochs for {@link Kind#STEP}: multiply by {@code gamma} every {@code stepEpochs} epochs
 * @param minLearningRate for {@link Kind#COSINE}: the rate reached at the schedule's last epoch
 * @param epochs for {@link Kind#COSINE}: the schedule's length (PyTorch's {@code T_max} + 1): the rate anneals from
 *     the optimizer's to {@code minLearningRate} over epochs 0 to {@code epochs - 1} and stays there after; {@code 0}
 *     (the default) means the training spec's {@code epochs}. {@link Kind#CONSTANT} and {@link Kind#STEP} ignore it
 *     (it is checked whatever the kind, as the other fields are). A refit that trains for fewer epochs than its
 *     trials keeps their schedule by setting it to their epoch count.
 */
public record LearningRateSchedule(Kind kind, int stepEpochs, double gamma, double minLearningRate, int epochs) {

    public enum Kind {
        CONSTANT,
        STEP,
        COSINE
    }

    /** A schedule whose length is the training spec's {@code epochs}. */
    public LearningRateSchedule(Kind kind, int stepEpochs, double gamma, double minLearningRate) {
        this(kind, stepEpochs, gamma, minLearningRate, 0);
    }

    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(Kind.CONSTANT, 1, 1, 0);
    }

    /** The number of epochs the schedule spans when training runs for {@code trainingEpochs}. */
    public int length(int trainingEpochs) {
        return epochs > 0 ? epochs : trainingEpochs;
    }
}
