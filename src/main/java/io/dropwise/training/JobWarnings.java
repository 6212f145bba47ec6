package io.dropwise.training;

import java.util.ArrayList;
import java.util.List;

/** What a valid spec accepts but probably does not mean, each with the fix; shown as the job's {@code warnings}. */
final class JobWarnings {

    private JobWarnings() {}

    static List<String> of(JobSpec spec) {
        List<String> warnings = new ArrayList<>();
        if (spec == null || spec.model() == null || spec.model().hiddenLayers() == null) {
            return warnings;
        }
        List<JobSpec.HiddenLayer> layers = spec.model().hiddenLayers();
        for (int i = 0; i < layers.size(); i++) {
            JobSpec.HiddenLayer layer = layers.get(i);
            if (layer == null || !Boolean.TRUE.equals(layer.batchNorm())) {
                continue;
            }
            // a layer's batch norm normalizes the dense output of what the previous dropout let through
            String source = i == 0 ? "model.inputDropout" : "model.hiddenLayers[" + (i - 1) + "].dropout";
            Double dropout =
                    i == 0 ? spec.model().inputDropout() : layers.get(i - 1).dropout();
            if (dropout != null && dropout > 0) {
                warnings.add(source + " (" + dropout + ") feeds the batch norm of model.hiddenLayers[" + i
                        + "]: batch norm learns the variance of dropped-out inputs in training and sees another "
                        + "at inference (the variance shift, Li et al. 2019), which hurts accuracy. Put dropout only "
                        + "after the last batch-norm layer (set " + source + " to 0), or turn batchNorm off on "
                        + "model.hiddenLayers[" + i + "].");
            }
        }
        return warnings;
    }
}
