package io.dropwise.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropwise.training.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What {@code /sweeps} shows. */
final class SweepViews {

    private SweepViews() {}

    /**
     * {@code GET /sweeps/{id}}.
     *
     * @param trials every trial, by index
     * @param leaderboard the indexes of the trials that succeeded, best first
     * @param best the best trial so far (null before one succeeded)
     * @param refitJobId the job training the best trial on every row, once queued
     * @param model the model version the refit registered (alias {@code best}), null before, and after that version
     *     was deleted
     * @param request the sweep as submitted, every default filled in
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SweepView(
            String id,
            String name,
            String datasetId,
            SweepStatus status,
            boolean cancelRequested,
            String objective,
            Progress progress,
            List<TrialView> trials,
            List<Integer> leaderboard,
            Best best,
            String refitJobId,
            ModelRef model,
            String error,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            JsonNode request) {}

    /** A sweep in {@code GET /sweeps}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SweepSummaryView(
            String id,
            String name,
            String datasetId,
            SweepStatus status,
            String objective,
            Progress progress,
            Best best,
            ModelRef model,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt) {}

    /**
     * @param trialsDone trials whose every job has ended (succeeded, pruned, failed)
     * @param etaSeconds the remaining trials times the mean time per trial done so far; null before one is done
     */
    record Progress(int trialsDone, int trials, double fraction, Long etaSeconds) {}

    /**
     * @param params the trial's values, keyed by the search's own paths
     * @param state {@code PENDING}, {@code RUNNING}, {@code SUCCEEDED}, {@code PRUNED}, {@code FAILED} or
     *     {@code CANCELLED}
     * @param mean the mean of the folds' scores (the objective at each fold's best epoch), once every fold succeeded
     * @param std their population standard deviation; null for a holdout's single score
     * @param gap the mean over the folds of validation loss minus train loss at the best epoch
     */
    record TrialView(
            int trial,
            Map<String, JsonNode> params,
            String state,
            List<FoldView> folds,
            Double mean,
            Double std,
            Double gap) {}

    /** @param score the objective at the fold job's best epoch */
    record FoldView(int fold, String jobId, JobStatus status, Integer bestEpoch, Double score) {}

    record Best(int trial, Map<String, JsonNode> params, Double mean, Double std) {}

    record ModelRef(String name, int version) {}
}
