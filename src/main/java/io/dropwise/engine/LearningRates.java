package io.dropwise.engine;

/** The learning rate of an epoch under a {@link LearningRateSchedule}. */
final class LearningRates {

    private LearningRates() {}

    /** @param epochIndex 0-based epoch */
    static double at(LearningRateSchedule schedule, double base, int epochIndex, int epochs) {
        if (schedule == null) {
            return base;
        }
        return switch (schedule.kind()) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(schedule.gamma(), epochIndex / Math.max(1, schedule.stepEpochs()));
            case COSINE -> {
                if (epochs <= 1) {
                    yield base;
                }
                double progress = (double) epochIndex / (epochs - 1);
                double min = schedule.minLearningRate();
                yield min + (base - min) * (1 + Math.cos(Math.PI * progress)) / 2;
            }
        };
    }
}
