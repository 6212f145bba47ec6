package io.dropwise.sweep;

import io.dropwise.training.SweepJobs;
import io.dropwise.training.SweepJobs.SweepJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a sweep's state (request, trials, jobs, scores) inside the caller's transaction: one row per trial and per job
 * (with its best epoch's metrics), whatever the number of epochs run; median pruning reads aggregates on top
 * ({@link #toPrune}).
 */
@Component
class SweepSnapshot {

    private static final TypeReference<LinkedHashMap<String, JsonNode>> PARAMS = new TypeReference<>() {};

    private final SweepTrialRepository trials;
    private final SweepJobs jobs;
    private final JsonMapper json;

    SweepSnapshot(SweepTrialRepository trials, SweepJobs jobs, JsonMapper json) {
        this.trials = trials;
        this.jobs = jobs;
        this.json = json;
    }

    /**
     * @param trialRows the stored trials, by index
     * @param jobsByTrial the fold jobs of each trial that has any (the refit job is not among them)
     * @param results the scores of every trial, by index
     * @param ranking the succeeded trials, best first
     */
    record State(
            SweepEntity sweep,
            SweepRequest request,
            Objective objective,
            List<SweepTrialEntity> trialRows,
            List<SweepJob> allJobs,
            Map<Integer, List<SweepJob>> jobsByTrial,
            List<Leaderboard.Trial> results,
            List<Integer> ranking) {

        long trialsDone() {
            return results.stream().filter(Leaderboard.Trial::done).count();
        }
    }

    State load(SweepEntity sweep) {
        SweepRequest request = json.readValue(sweep.getRequestJson(), SweepRequest.class);
        Objective objective = SweepPlan.objective(request);
        List<SweepTrialEntity> rows = trials.forSweep(sweep.getId());
        List<SweepJob> all = jobs.jobs(sweep.getId());
        Map<Integer, List<SweepJob>> byTrial =
                all.stream().filter(j -> j.fold() != null).collect(Collectors.groupingBy(SweepJob::trial));
        List<Leaderboard.Trial> results = new ArrayList<>();
        for (SweepTrialEntity row : rows) {
            results.add(Leaderboard.trial(
                    row.trial(), sweep.getFolds(), byTrial.getOrDefault(row.trial(), List.of()), objective));
        }
        return new State(
                sweep, request, objective, rows, all, byTrial, results, Leaderboard.ranking(results, objective));
    }

    /**
     * The trials median pruning stops now ({@link Leaderboard#toPrune}): reads how far the running trials' jobs got,
     * then, only for the epochs where a decision is due, each fold job's best figures up to there (one aggregate
     * query per such epoch). Nothing is read while no trial succeeded or no trial runs.
     */
    List<Integer> toPrune(State s) {
        boolean anySucceeded = s.results().stream().anyMatch(t -> t.state() == Leaderboard.TrialState.SUCCEEDED);
        List<String> running = s.results().stream()
                .filter(t -> t.state() == Leaderboard.TrialState.RUNNING && t.active())
                .flatMap(t -> s.jobsByTrial().get(t.trial()).stream())
                .filter(j -> !j.status().isTerminal())
                .map(SweepJob::id)
                .toList();
        if (!anySucceeded || running.isEmpty()) {
            return List.of();
        }
        return Leaderboard.toPrune(
                s.results(),
                s.jobsByTrial(),
                jobs.lastEpochs(running),
                epoch -> jobs.bestsUpTo(s.sweep().getId(), epoch),
                s.objective(),
                s.request().pruning().afterEpochs());
    }

    Map<String, JsonNode> params(SweepTrialEntity row) {
        return json.readValue(row.paramsJson(), PARAMS);
    }
}
