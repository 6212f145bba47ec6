package io.dropwise.prediction;

import java.util.List;

/**
 * {@code POST /models/{name}/predict} body.
 *
 * @param instances each an array of feature values in the dataset's column order, or an object by feature name;
 *     categorical features by their original value
 * @param mcDropout when present, Monte-Carlo dropout uncertainty is added to every prediction
 */
public record PredictRequest(List<Object> instances, McDropoutRequest mcDropout) {

    /**
     * @param samples stochastic forward passes (default {@code dropwise.prediction.default-mc-samples}, 50)
     * @param seed seeds the dropout masks (default {@code dropwise.prediction.default-mc-seed}, 0): same seed, same
     *     answer
     */
    public record McDropoutRequest(Integer samples, Long seed) {}
}
