package io.dropwise.prediction;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.McPrediction;
import io.dropwise.model.VersionSelector;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What batch prediction ({@code io.dropwise.batch}) takes from serving, so that a batch answers exactly as
 * {@code /predict} does: the same model lookup ({@link ModelLookup}: 404s, loaded-model cache), the same encoding of a
 * row ({@link DatasetSchema#encode}, as {@link InstanceEncoder} does for an instance), the same batched engine calls,
 * and the same Monte-Carlo defaults and limits ({@link PredictionGuard}).
 */
@Component
public class BatchScoring {

    /** Monte-Carlo dropout as asked for, defaults filled in. */
    public record McSettings(int samples, long seed) {}

    private final ModelLookup models;
    private final PredictionGuard guard;

    BatchScoring(ModelLookup models, PredictionGuard guard) {
        this.models = models;
        this.guard = guard;
    }

    /** The model a name and selector resolve to now (404 for an unknown model, version or alias). */
    public Scorer resolve(String name, VersionSelector selector) {
        return new Scorer(models.served(name, selector));
    }

    /** {@code samples} and {@code seed} checked and defaulted as {@code /predict} does (400 naming {@code field}). */
    public McSettings monteCarlo(Integer samples, Long seed, String field) {
        PredictionGuard.MonteCarlo mc = guard.monteCarlo(samples, seed, field);
        return new McSettings(mc.samples(), mc.seed());
    }

    /** One decoded model version. */
    public static final class Scorer {

        private final ServedModel served;

        Scorer(ServedModel served) {
            this.served = served;
        }

        public String name() {
            return served.ref().name();
        }

        public int version() {
            return served.ref().version();
        }

        public DatasetSchema schema() {
            return served.schema();
        }

        public boolean classification() {
            return served.classification();
        }

        /** Class labels in output order (empty for regression). */
        public List<String> classes() {
            return List.of(served.classes());
        }

        /** One row's feature values, in feature order, encoded as {@code /predict} encodes an instance. */
        public float[] encode(List<String> values) {
            return served.schema().encode(values);
        }

        /**
         * Dropout off, as {@code /predict}: probabilities per class, or the value; the same bits, computed on the
         * calling thread alone (a batch scores its chunks one per core).
         */
        public float[][] predict(float[][] rows) {
            return served.model().predictAlone(rows);
        }

        /**
         * Monte-Carlo dropout over these rows, as one {@code /predict} call with these rows and settings; on the
         * calling thread alone.
         */
        public McPrediction monteCarlo(float[][] rows, McSettings mc) {
            return served.model().predictMonteCarloAlone(rows, mc.samples(), mc.seed());
        }
    }
}
