package io.dropwise.sweep;

import io.dropwise.training.FoldSplit;
import io.dropwise.training.JobSpec;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A checked sweep, ready to store: its normalized request and every trial's normalized job spec.
 *
 * @param request the request with every default filled in (base normalized), as stored
 * @param folds jobs per trial: k, or 1 for a holdout
 */
record SweepPlan(String name, String datasetId, SweepRequest request, List<Trial> trials, int folds) {

    /** One point of the search: the values (keyed by the search's paths) and the fold jobs' spec. */
    record Trial(int index, Map<String, JsonNode> params, JobSpec spec) {}

    /** The split of fold {@code fold} of a sweep with this (normalized) validation. */
    static FoldSplit split(SweepRequest.Validation v, int fold) {
        return v.folds() != null
                ? FoldSplit.kFold(v.folds(), fold, v.seed())
                : FoldSplit.holdout(v.holdout(), v.seed());
    }

    static Objective objective(SweepRequest request) {
        return Objective.parse(request.objective());
    }

    static boolean medianPruning(SweepRequest request) {
        return "median".equals(request.pruning().type());
    }
}
