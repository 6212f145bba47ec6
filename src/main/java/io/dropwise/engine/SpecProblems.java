package io.dropwise.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Collects every problem of a pair of specs instead of stopping at the first, so that a caller can show them all
 * at once. The rules themselves are in {@link Specs}; {@link Trainer} throws with all of them.
 */
public final class SpecProblems {

    private final List<SpecProblem> problems = new ArrayList<>();

    SpecProblems() {}

    /**
     * Every problem of these specs, in the order network, then training; empty when a
     * {@link Trainer} would accept them. What a service calls before accepting a job.
     */
    public static List<SpecProblem> of(NetworkSpec networkSpec, TrainingSpec trainingSpec) {
        SpecProblems problems = new SpecProblems();
        Specs.check(networkSpec, trainingSpec, problems);
        return problems.list();
    }

    /**
     * What is wrong with a drop probability, or null when it is a valid one. {@link LayerSpec} and
     * {@link NetworkSpec} refuse to exist with a wrong one, so a caller that gathers every problem before building
     * them asks here.
     */
    public static String ofDropProbability(double dropProbability) {
        return Specs.dropProbabilityProblem(dropProbability);
    }

    /** Records a problem with {@code field} unless {@code condition} holds. */
    void require(boolean condition, String field, String message) {
        if (!condition) {
            problems.add(new SpecProblem(field, message));
        }
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<SpecProblem> list() {
        return List.copyOf(problems);
    }

    /** @throws IllegalArgumentException naming every problem, when there is one */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        }
    }
}
