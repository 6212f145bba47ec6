package io.dropwise.training;

import io.dropwise.engine.SpecProblems;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field problems of a job spec that only the service knows: its upper limits
 * ({@code dropwise.limits.*}) and API-only fields. Each check returns the value to use (the default when absent or
 * refused), so that the engine, which checks every range rule, sees a refused value only once. The engine's
 * refusals join these through {@link EngineFields}.
 */
final class SpecChecker {

    private final List<FieldProblem> problems = new ArrayList<>();

    boolean ok() {
        return problems.isEmpty();
    }

    void fail(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    void add(FieldProblem problem) {
        problems.add(problem);
    }

    List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    /** The value, refused above {@code max}: a service limit (named by {@code limitProperty} when configurable). */
    int atMost(String field, Integer value, int fallback, int max, String limitProperty) {
        if (value == null) {
            return fallback;
        }
        if (value > max) {
            fail(
                    field,
                    "must be at most " + max + (limitProperty == null ? "" : " (" + limitProperty + ")") + ", got "
                            + value);
            return fallback;
        }
        return value;
    }

    /** The value, refused above {@code max}; a non-finite one is left to the engine, which says why it is wrong. */
    double atMost(String field, Double value, double fallback, double max) {
        if (value == null) {
            return fallback;
        }
        if (Double.isFinite(value) && value > max) {
            fail(field, "must be at most " + max + ", got " + value);
            return fallback;
        }
        return value;
    }

    /**
     * A drop probability, checked by the engine's own rule: the engine cannot even hold a wrong one, so it is asked
     * before the layers are built.
     */
    double dropout(String field, Double value, double fallback) {
        if (value == null) {
            return fallback;
        }
        String problem = SpecProblems.ofDropProbability(value);
        if (problem != null) {
            fail(field, problem);
            return fallback;
        }
        return value;
    }
}
