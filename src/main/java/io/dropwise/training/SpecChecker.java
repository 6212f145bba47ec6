package io.dropwise.training;

import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field problems of a job spec; each check returns the value to use (the default when absent or
 * invalid). It holds the service's own rules (limits, finiteness, upper bounds); the engine's refusals reach the
 * client through {@link EngineFields}.
 */
final class SpecChecker {

    private final List<FieldProblem> problems = new ArrayList<>();

    boolean ok() {
        return problems.isEmpty();
    }

    void fail(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    int range(String field, Integer value, int fallback, int min, int max, String limitProperty) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            fail(field, "must be between " + min + " and " + max
                    + (limitProperty == null ? "" : " (" + limitProperty + ")") + ", got " + value);
            return fallback;
        }
        return value;
    }

    double dropout(String field, Double value, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value >= 0 && value < 1)) {
            fail(field, "is the probability of dropping a unit and must be in [0, 1) (1 would drop every "
                    + "unit), got " + value);
            return fallback;
        }
        return value;
    }

    double fraction(String field, Double value, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value >= 0 && value < 1)) {
            fail(field, "must be in [0, 1), got " + value);
            return fallback;
        }
        return value;
    }

    double unitInterval(String field, Double value, double fallback) {
        return fraction(field, value, fallback);
    }

    double atLeast(String field, Double value, double fallback, double min) {
        if (value == null) {
            return fallback;
        }
        if (!Double.isFinite(value) || value < min) {
            fail(field, "must be a finite number >= " + min + ", got " + value);
            return fallback;
        }
        return value;
    }

    double positive(String field, Double value, double fallback, double max) {
        if (value == null) {
            return fallback;
        }
        if (!(value > 0 && value <= max)) {
            fail(field, "must be a number in (0, " + max + "], got " + value);
            return fallback;
        }
        return value;
    }
}
