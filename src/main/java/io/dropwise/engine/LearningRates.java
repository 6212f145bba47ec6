package io.dropwise.engine;

/** The learning rate of an epoch under a {@link LearningRateSchedule}. */
final class LearningRates {

    private LearningRates() {}

    /**
     * @param epochIndex 0-based epoch
     * @param epochs the training spec's epoch count (the schedule's length unless it sets its own)
     */
    static double at(LearningRateSchedule schedule, double base, int epochIndex, int epochs) {
        if (schedule == null) {
            return base;
        }
        return switch (schedule.kind()) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(schedule.gamma(), epochIndex / Math.max(1, schedule.stepEpochs()));
            case COSINE -> {
                int length = schedule.length(epochs);
                if (length <= 1) {
                    // a one-epoch schedule runs its epoch at the full rate (and any after it at the minimum)
                    yield epochIndex == 0 ? base : schedule.minLearningRate();
                }
                // past the schedule's last epoch (only with a length of its own) the rate stays at the minimum
                double progress = Math.min(1.0, (double) epochIndex / (length - 1));
                double min = schedule.minLearningRate();
                yield min + (base - min) * (1 + Math.cos(Math.PI * progress)) / 2;
            }
        };
    }
}
