package io.dropwise.sweep;

import io.dropwise.training.EpochMetricView;
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

/** Reads a sweep's whole state (request, trials, jobs, epochs, scores) inside the caller's transaction. */
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
            Map<String, List<EpochMetricView>> epochs,
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
        Map<String, List<EpochMetricView>> epochs = jobs.epochs(
                all.stream().filter(j -> j.fold() != null).map(SweepJob::id).toList());
        List<Leaderboard.Trial> results = new ArrayList<>();
        for (SweepTrialEntity row : rows) {
            results.add(Leaderboard.trial(
                    row.trial(), sweep.getFolds(), byTrial.getOrDefault(row.trial(), List.of()), epochs, objective));
        }
        return new State(
                sweep,
                request,
                objective,
                rows,
                all,
                byTrial,
                epochs,
                results,
                Leaderboard.ranking(results, objective));
    }

    Map<String, JsonNode> params(SweepTrialEntity row) {
        return json.readValue(row.paramsJson(), PARAMS);
    }
}
