package io.dropwise.prediction;

import io.dropwise.config.LimitsProperties;
import io.dropwise.config.PredictionProperties;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.McPrediction;
import io.dropwise.engine.ModelCodec;
import io.dropwise.model.ModelRegistry;
import io.dropwise.model.ModelResolver;
import io.dropwise.model.ModelVersionRef;
import io.dropwise.model.ServableVersion;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.PredictResponse.ModelRefView;
import io.dropwise.prediction.PredictResponse.PredictionView;
import io.dropwise.prediction.PredictResponse.UncertaintyView;
import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Serves predictions: resolves the version from memory, takes the decoded model from the {@link LoadedModelCache},
 * encodes the instances with the training schema and runs the engine with dropout off (bit-identical answers for
 * the same input), plus Monte-Carlo dropout on request.
 */
@Service
public class PredictionService {

    /** MC dropout as asked for (defaults filled in). */
    record MonteCarlo(int samples, long seed) {}

    private static final int MAX_LISTED_ERRORS = 20;

    private final ModelRegistry registry;
    private final ModelResolver resolver;
    private final LimitsProperties limits;
    private final PredictionProperties properties;
    private final LoadedModelCache<ModelVersionRef, ServedModel> cache;

    PredictionService(ModelRegistry registry, ModelResolver resolver, LimitsProperties limits,
            PredictionProperties properties) {
        this.registry = registry;
        this.resolver = resolver;
        this.limits = limits;
        this.properties = properties;
        this.cache = new LoadedModelCache<>(this::decode, ServedModel::sizeBytes, properties.cacheMaxBytes());
    }

    /** The decoded model for a name and version selector; decoded at most once while it stays in the cache. */
    ServedModel served(String name, VersionSelector selector) {
        return cache.get(resolver.resolve(name, selector));
    }

    LoadedModelCache<ModelVersionRef, ServedModel> cache() {
        return cache;
    }

    PredictResponse predict(String name, VersionSelector selector, PredictRequest request) {
        List<Object> instances = request.instances();
        checkInstanceCount(instances == null ? 0 : instances.size(), "instances");
        MonteCarlo mc = request.mcDropout() == null ? null
                : monteCarlo(request.mcDropout().samples(), request.mcDropout().seed(), "mcDropout.samples");
        ServedModel served = served(name, selector);
        float[][] rows = encode(served, instances);
        float[][] outputs = served.model().predict(rows);
        McPrediction uncertainty = mc == null ? null
                : served.model().predictMonteCarlo(rows, mc.samples(), mc.seed());
        List<PredictionView> predictions = new ArrayList<>(rows.length);
        for (int r = 0; r < rows.length; r++) {
            predictions.add(served.classification()
                    ? classification(served.classes(), outputs[r], uncertainty, r, mc)
                    : new PredictionView(null, null, outputs[r][0], regressionUncertainty(uncertainty, r, mc)));
        }
        return new PredictResponse(new ModelRefView(served.ref().name(), served.ref().version()), predictions);
    }

    /** 400 for none, 413 for more than {@code dropwise.limits.max-instances-per-predict}. */
    void checkInstanceCount(int count, String field) {
        if (count == 0) {
            throw new InvalidInstancesException(field + " is empty: send at least one instance.",
                    List.of(new FieldProblem(field, "must contain at least one instance")), null);
        }
        if (count > limits.maxInstancesPerPredict()) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "too-many-instances", "Too many instances",
                    count + " instances in one call; at most " + limits.maxInstancesPerPredict()
                            + " are accepted (dropwise.limits.max-instances-per-predict). Split the call.")
                    .with("errors", List.of(new FieldProblem(field, "at most " + limits.maxInstancesPerPredict())));
        }
    }

    /** Fills in the defaults and checks {@code samples} against {@code dropwise.limits.max-mc-samples}. */
    MonteCarlo monteCarlo(Integer samples, Long seed, String field) {
        int t = samples == null ? properties.defaultMcSamples() : samples;
        if (t < 1 || t > limits.maxMcSamples()) {
            String message = "must be between 1 and " + limits.maxMcSamples() + " (dropwise.limits.max-mc-samples)";
            throw new ApiException(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                    field + " " + message + "; got " + t + ".")
                    .with("errors", List.of(new FieldProblem(field, message)));
        }
        return new MonteCarlo(t, seed == null ? properties.defaultMcSeed() : seed);
    }

    private static float[][] encode(ServedModel served, List<Object> instances) {
        DatasetSchema schema = served.schema();
        float[][] rows = new float[instances.size()][];
        List<FieldProblem> errors = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < rows.length; i++) {
            Object instance = instances.get(i);
            try {
                float[] fast = served.numericOnly() ? numbers(instance, served.inputWidth()) : null;
                if (fast != null) {
                    rows[i] = fast;
                } else if (instance instanceof List<?> values) {
                    rows[i] = schema.encode(values);
                } else if (instance instanceof Map<?, ?> named) {
                    rows[i] = schema.encode(stringKeys(named));
                } else {
                    throw new IllegalArgumentException("expected an array of " + schema.features().size()
                            + " values or an object by feature name, got " + describe(instance));
                }
            } catch (IllegalArgumentException e) {
                if (failed++ < MAX_LISTED_ERRORS) {
                    errors.add(new FieldProblem("instances[" + i + "]", e.getMessage()));
                }
            }
        }
        if (failed > 0) {
            String more = failed > errors.size() ? " (and " + (failed - errors.size()) + " more)" : "";
            throw new InvalidInstancesException(failed + " of " + rows.length + " instances do not fit the model"
                    + more + ". First: " + errors.get(0).field() + ": " + errors.get(0).message()
                    + ". 'expected' lists the features in order.", errors,
                    schema.featureNames());
        }
        return rows;
    }

    /**
     * The common case without the general encoder: a positional instance of finite numbers for an all-numeric
     * schema. Null for anything else, which then goes through {@link DatasetSchema#encode} (and its messages).
     */
    private static float[] numbers(Object instance, int width) {
        if (!(instance instanceof List<?> values) || values.size() != width) {
            return null;
        }
        float[] row = new float[width];
        for (int j = 0; j < width; j++) {
            if (!(values.get(j) instanceof Number n)) {
                return null;
            }
            double v = n.doubleValue();
            if (!(Math.abs(v) <= Float.MAX_VALUE)) {
                return null;
            }
            row[j] = (float) v;
        }
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> named) {
        return (Map<String, ?>) named;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
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
            uncertainty = new UncertaintyView(settings.samples(), settings.seed(), mean, std,
                    entropy(mc.mean()[row]));
        }
        return new PredictionView(classes[best], byClass, null, uncertainty);
    }

    private static UncertaintyView regressionUncertainty(McPrediction mc, int row, MonteCarlo settings) {
        return mc == null ? null
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

    private ServedModel decode(ModelVersionRef ref) {
        ServableVersion version = registry.servable(ref);
        return ServedModel.of(ref, ModelCodec.decode(version.modelData()), version.schema(),
                version.modelData().length);
    }
}
