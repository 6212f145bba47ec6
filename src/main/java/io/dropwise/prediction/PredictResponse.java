package io.dropwise.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** {@code POST /models/{name}/predict} answer: which version answered and one prediction per instance. */
public record PredictResponse(ModelRefView model, List<PredictionView> predictions) {

    public record ModelRefView(String name, int version) {}

    /**
     * Classification: {@code label} (the most probable class) and {@code probabilities} by class; regression:
     * {@code value}. Both with dropout off. {@code uncertainty} only when MC dropout was asked for.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PredictionView(
            String label, Map<String, Float> probabilities, Float value, UncertaintyView uncertainty) {}

    /**
     * Monte-Carlo dropout statistics over {@code samples} passes: {@code mean} and {@code std} per class (a map) for
     * classification or of the value (a number) for regression; {@code entropy}: the predictive entropy (in nats)
     * of the mean probabilities.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UncertaintyView(int samples, long seed, Object mean, Object std, Double entropy) {}
}
