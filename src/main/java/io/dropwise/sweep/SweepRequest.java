package io.dropwise.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwise.webhook.Notify;
import java.util.LinkedHashMap;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A sweep as a client submits it ({@code POST /sweeps}); see DESIGN.md "Sweeps" and docs/api.md.
 *
 * @param name the model the refit registers a version of; default: the dataset's name
 * @param base any valid job spec (every trial starts from it)
 * @param search {@code grid} or {@code random}
 * @param validation {@code {"folds": k, "seed": s}} or {@code {"holdout": f, "seed": s}}; default 5 folds, seed 1
 * @param objective {@code validationLoss} (default), {@code validationAccuracy} or {@code validationRmse}
 * @param pruning {@code {"type": "median", "afterEpochs": n}} or {@code {"type": "none"}} (default)
 * @param maxConcurrentTrials how many trials have jobs queued or running at once; default 1
 * @param refit train the best trial on every row and register it; default true
 * @param notification {@code notify} in JSON: where to POST the sweep's end (README, Jobs › Webhooks); its
 *     {@code secret} is never written back, so it is not in the stored request
 */
public record SweepRequest(
        String name,
        JsonNode base,
        Search search,
        Validation validation,
        String objective,
        Pruning pruning,
        Integer maxConcurrentTrials,
        Boolean refit,

        @JsonProperty("notify") @JsonInclude(JsonInclude.Include.NON_NULL)
        Notify notification) {

    /**
     * @param grid path to the values it takes; every combination is a trial
     * @param random a seeded random search
     */
    public record Search(LinkedHashMap<String, List<JsonNode>> grid, RandomSearch random) {}

    /**
     * @param trials how many trials to draw (the budget)
     * @param space path to a distribution: {@code {"uniform": [a, b]}}, {@code {"logUniform": [a, b]}} or
     *     {@code {"choice": [...]}}
     */
    public record RandomSearch(Integer trials, Long seed, LinkedHashMap<String, JsonNode> space) {}

    public record Validation(Integer folds, Double holdout, Long seed) {}

    public record Pruning(String type, Integer afterEpochs) {}
}
