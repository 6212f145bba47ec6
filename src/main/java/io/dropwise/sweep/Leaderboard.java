package io.dropwise.sweep;

import io.dropwise.training.JobStatus;
import io.dropwise.training.SweepJobs.Metrics;
import io.dropwise.training.SweepJobs.SweepJob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The scores of a sweep's trials, from its jobs and their best epochs: a plain function of what is stored, so every
 * instance (and every restart) computes the same leaderboard. A fold's score is the objective at the fold job's best
 * epoch; a trial's {@code mean} and {@code std} (population, over its folds) are of those scores, its {@code gap} the
 * mean of the folds' generalization gaps (validation loss minus train loss) at their best epochs. A holdout trial has
 * one score, and a spread over one score says nothing: its {@code std} is null, not 0.
 */
final class Leaderboard {

    static final String PRUNED = "pruned";

    private Leaderboard() {}

    enum TrialState {
        PENDING,
        RUNNING,
        SUCCEEDED,
        PRUNED,
        FAILED,
        CANCELLED
    }

    record Fold(String jobId, int fold, JobStatus status, Integer bestEpoch, Double score, Double gap) {}

    /**
     * @param active some of its jobs are queued or running
     * @param done every job it will ever have has ended
     */
    record Trial(
            int trial,
            TrialState state,
            List<Fold> folds,
            Double mean,
            Double std,
            Double gap,
            boolean active,
            boolean done) {}

    static Trial trial(int trial, int folds, List<SweepJob> jobs, Objective objective) {
        List<Fold> results = new ArrayList<>();
        List<SweepJob> sorted = jobs.stream()
                .filter(j -> j.fold() != null)
                .sorted(Comparator.comparing(SweepJob::fold))
                .toList();
        boolean pruned = false;
        boolean failed = false;
        boolean cancelled = false;
        int succeeded = 0;
        boolean allEnded = true;
        for (SweepJob job : sorted) {
            Double score = null;
            Double gap = null;
            Metrics best = job.best();
            if (best != null) {
                double v = objective.of(best);
                score = Double.isNaN(v) ? null : v;
                gap = best.gap();
            }
            results.add(new Fold(job.id(), job.fold(), job.status(), job.bestEpoch(), score, gap));
            // a job that ended before the pruning request reached it has its whole score: the trial keeps it
            pruned |= PRUNED.equals(job.cancelReason()) && job.status() != JobStatus.SUCCEEDED;
            failed |= job.status() == JobStatus.FAILED;
            cancelled |= job.status() == JobStatus.CANCELLED;
            succeeded += job.status() == JobStatus.SUCCEEDED ? 1 : 0;
            allEnded &= job.status().isTerminal();
        }
        TrialState state = sorted.isEmpty()
                ? TrialState.PENDING
                : pruned
                        ? TrialState.PRUNED
                        : succeeded == folds
                                ? TrialState.SUCCEEDED
                                : failed ? TrialState.FAILED : cancelled ? TrialState.CANCELLED : TrialState.RUNNING;
        Double mean = null;
        Double std = null;
        Double gap = null;
        if (state == TrialState.SUCCEEDED && results.stream().allMatch(f -> f.score() != null)) {
            double[] scores = results.stream().mapToDouble(Fold::score).toArray();
            mean = Arrays.stream(scores).sum() / scores.length;
            double m = mean;
            std = scores.length < 2
                    ? null
                    : Math.sqrt(
                            Arrays.stream(scores).map(s -> (s - m) * (s - m)).sum() / scores.length);
            gap = results.stream()
                    .mapToDouble(f -> f.gap() == null ? Double.NaN : f.gap())
                    .average()
                    .orElse(Double.NaN);
            gap = gap.isNaN() ? null : gap;
        }
        boolean done = !sorted.isEmpty() && allEnded && (state != TrialState.RUNNING);
        return new Trial(trial, state, results, mean, std, gap, !sorted.isEmpty() && !allEnded, done);
    }

    /** Trials that succeeded with a score, best first (ties: the lower index). */
    static List<Integer> ranking(List<Trial> trials, Objective objective) {
        return trials.stream()
                .filter(t -> t.state() == TrialState.SUCCEEDED && t.mean() != null)
                .sorted(Comparator.comparingDouble((Trial t) -> objective.cost(t.mean()))
                        .thenComparingInt(Trial::trial))
                .map(Trial::trial)
                .toList();
    }

    /**
     * Median pruning: the running trials whose running objective, at the last epoch all their folds reached (at
     * least {@code afterEpochs}), is worse than the median of the succeeded trials' at the same epoch. A trial's
     * running objective at epoch {@code e} is the mean over its folds of the best value up to {@code e} (a fold
     * that stopped earlier keeps its last).
     *
     * @param lastEpochs the last epoch recorded by each fold job that has not ended (absent: none yet)
     * @param bestsUpTo per epoch {@code e}, the best validation figures of each fold job up to {@code e} (asked only
     *     for the epochs a decision needs, once each)
     */
    static List<Integer> toPrune(
            List<Trial> trials,
            Map<Integer, List<SweepJob>> jobs,
            Map<String, Integer> lastEpochs,
            IntFunction<Map<String, Metrics>> bestsUpTo,
            Objective objective,
            int afterEpochs) {
        List<Trial> finished =
                trials.stream().filter(t -> t.state() == TrialState.SUCCEEDED).toList();
        if (finished.isEmpty()) {
            return List.of();
        }
        Map<Integer, Map<String, Metrics>> byEpoch = new HashMap<>();
        List<Integer> prune = new ArrayList<>();
        for (Trial t : trials) {
            if (t.state() != TrialState.RUNNING || !t.active()) {
                continue;
            }
            List<SweepJob> own = jobs.get(t.trial());
            int reached = own.stream()
                    .filter(j -> !j.status().isTerminal())
                    .mapToInt(j -> lastEpochs.getOrDefault(j.id(), 0))
                    .min()
                    .orElse(0);
            if (reached < afterEpochs) {
                continue;
            }
            Map<String, Metrics> bests = byEpoch.computeIfAbsent(reached, bestsUpTo::apply);
            double value = running(own, bests, objective);
            double[] others = finished.stream()
                    .mapToDouble(f -> running(jobs.get(f.trial()), bests, objective))
                    .sorted()
                    .toArray();
            int n = others.length;
            double median = n % 2 == 1 ? others[n / 2] : (others[n / 2 - 1] + others[n / 2]) / 2;
            if (value > median) {
                prune.add(t.trial());
            }
        }
        return prune;
    }

    /** Mean over the folds of the best cost up to the epoch {@code bests} were taken at (lower is better). */
    static double running(List<SweepJob> folds, Map<String, Metrics> bests, Objective objective) {
        double sum = 0;
        int n = 0;
        for (SweepJob job : folds) {
            if (job.fold() == null) {
                continue;
            }
            // the best of a figure over the epochs is the best cost: a job with none (or only non-finite) counts +inf
            sum += objective.cost(objective.of(bests.get(job.id())));
            n++;
        }
        return n == 0 ? Double.POSITIVE_INFINITY : sum / n;
    }
}
