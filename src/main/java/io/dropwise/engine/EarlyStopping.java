package io.dropwise.engine;

/**
 * Stops when the monitored validation metric has not improved for {@code patience} epochs and restores the best
 * weights. {@code patience = 0} disables it (so does a training spec without a validation split).
 */
public record EarlyStopping(int patience, Metric metric) {

    public enum Metric {
        VALIDATION_LOSS,
        VALIDATION_ACCURACY
    }

    public static EarlyStopping off() {
        return new EarlyStopping(0, Metric.VALIDATION_LOSS);
    }
}
