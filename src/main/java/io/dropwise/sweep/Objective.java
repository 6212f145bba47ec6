package io.dropwise.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwise.training.SweepJobs.Metrics;

/** What a sweep ranks its trials by; its direction is implied (accuracy up, loss and RMSE down). */
enum Objective {
    @JsonProperty("validationLoss")
    VALIDATION_LOSS("validationLoss", false),
    @JsonProperty("validationAccuracy")
    VALIDATION_ACCURACY("validationAccuracy", true),
    @JsonProperty("validationRmse")
    VALIDATION_RMSE("validationRmse", false);

    final String json;
    final boolean maximize;

    Objective(String json, boolean maximize) {
        this.json = json;
        this.maximize = maximize;
    }

    static Objective parse(String value) {
        for (Objective o : values()) {
            if (o.json.equals(value)) {
                return o;
            }
        }
        return null;
    }

    /** The objective's value in these metrics; NaN when they have none (or it diverged), or without metrics. */
    double of(Metrics m) {
        if (m == null) {
            return Double.NaN;
        }
        Double v = switch (this) {
            case VALIDATION_LOSS -> m.validationLoss();
            case VALIDATION_ACCURACY -> m.validationAccuracy();
            case VALIDATION_RMSE -> m.validationRmse();
        };
        return v == null ? Double.NaN : v;
    }

    /** The value oriented so that lower is better (NaN: worst). */
    double cost(double value) {
        if (Double.isNaN(value)) {
            return Double.POSITIVE_INFINITY;
        }
        return maximize ? -value : value;
    }
}
