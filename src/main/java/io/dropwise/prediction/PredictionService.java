package io.dropwise.prediction;

import io.dropwise.engine.McPrediction;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.PredictResponse.ModelRefView;
import io.dropwise.prediction.PredictResponse.PredictionView;
import io.dropwise.prediction.PredictResponse.UncertaintyView;
import io.dropwise.prediction.PredictionGuard.MonteCarlo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * {@code /predict}: finds the model ({@link ModelLookup}), checks what the call may cost ({@link PredictionGuard}),
 * encodes the instances with the training schema ({@link InstanceEncoder}) and runs the engine with dropout off
 * (bit-identical answers for the same input), plus Monte-Carlo dropout on request.
 */
@Service
public class PredictionService {

    private final ModelLookup models;
    private final PredictionGuard guard;

    PredictionService(ModelLookup models, PredictionGuard guard) {
        this.models = models;
        this.guard = guard;
    }

    PredictResponse predict(String name, VersionSelector selector, PredictRequest request) {
        return predict(name, selector, PredictBody.of(request));
    }

    PredictResponse predict(String name, VersionSelector selector, PredictBody body) {
        int count = body.count();
        guard.checkInstanceCount(count, "instances");
        PredictRequest.McDropoutRequest asked = body.mcDropout();
        MonteCarlo mc = asked == null ? null : guard.monteCarlo(asked.samples(), asked.seed(), "mcDropout.samples");
        ServedModel served = models.served(name, selector);
        guard.checkWork(served, count, mc, "mcDropout.samples");
        float[][] rows = body.rowsFor(served);
        if (rows == null) {
            rows = InstanceEncoder.encode(served, body.request().instances());
        }
        float[][] outputs = served.model().predict(rows);
        McPrediction uncertainty = mc == null ? null : guard.monteCarlo(served, rows, mc);
        List<PredictionView> predictions = new ArrayList<>(rows.length);
        for (int r = 0; r < rows.length; r++) {
            predictions.add(
                    served.classification()
                            ? classification(served.classes(), outputs[r], uncertainty, r, mc)
                            : new PredictionView(null, null, outputs[r][0], regressionUncertainty(uncertainty, r, mc)));
        }
        return new PredictResponse(
                new ModelRefView(served.ref().name(), served.ref().version()), predictions);
    }

    private static PredictionView classification(
            String[] classes, float[] probabilities, McPrediction mc, int row, MonteCarlo settings) {
        Map<String, Float> byClass = new LinkedHashMap<>(classes.length * 2);
        int best = 0;
        for (int k = 0; k < classes.length; k++) {
            byClass.put(classes[k], probabilities[k]);
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        UncertaintyView uncertainty = null;
        if (mc != null) {
            Map<String, Float> mean = new LinkedHashMap<>(classes.length * 2);
            Map<String, Float> std = new LinkedHashMap<>(classes.length * 2);
            for (int k = 0; k < classes.length; k++) {
                mean.put(classes[k], mc.mean()[row][k]);
                std.put(classes[k], mc.std()[row][k]);
            }
            uncertainty = new UncertaintyView(settings.samples(), settings.seed(), mean, std, entropy(mc.mean()[row]));
        }
        return new PredictionView(classes[best], byClass, null, uncertainty);
    }

    private static UncertaintyView regressionUncertainty(McPrediction mc, int row, MonteCarlo settings) {
        return mc == null
                ? null
                : new UncertaintyView(settings.samples(), settings.seed(), mc.mean()[row][0], mc.std()[row][0], null);
    }

    /** Predictive entropy {@code -Σ p ln p} (nats) of mean probabilities. */
    static double entropy(float[] probabilities) {
        double h = 0;
        for (float p : probabilities) {
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
