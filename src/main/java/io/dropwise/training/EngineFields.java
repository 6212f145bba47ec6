package io.dropwise.training;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the job-spec field behind an engine refusal. The engine checks its specs as a library must and says what is
 * wrong in words; this maps the engine's parameter names to the API's, so that a rule only the engine knows (e.g.
 * a drop probability that rounds to 1 on its 2^-16 grid) reaches the client as a field problem.
 */
final class EngineFields {

    private static final Pattern HIDDEN_LAYER = Pattern.compile("^hidden layer (\\d+)");

    private EngineFields() {}

    static String of(String message) {
        String m = message == null ? "" : message;
        Matcher layer = HIDDEN_LAYER.matcher(m);
        if (layer.find()) {
            String base = "model.hiddenLayers[" + layer.group(1) + "]";
            return m.contains("dropProbability") ? base + ".dropout" : base;
        }
        if (m.startsWith("inputDropProbability")) {
            return "model.inputDropout";
        }
        if (m.startsWith("dropProbability")) {
            return "model.hiddenLayers";
        }
        for (String optimizer : new String[] {"learningRate", "momentum", "beta1", "epsilon", "weightDecay"}) {
            if (m.startsWith(optimizer)) {
                return "training.optimizer." + optimizer;
            }
        }
        for (String training : new String[] {"epochs", "batchSize", "l1", "maxNorm", "validationFraction",
                "checkpointEveryEpochs", "blasThreads", "earlyStopping.patience", "featureScaling"}) {
            if (m.startsWith(training)) {
                return "training." + training;
            }
        }
        return m.contains("outputSize") || m.contains("inputSize") ? "datasetId" : "training";
    }
}
