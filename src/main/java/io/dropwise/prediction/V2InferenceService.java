package io.dropwise.prediction;

import io.dropwise.engine.McPrediction;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.PredictionService.MonteCarlo;
import io.dropwise.prediction.V2Protocol.InferInput;
import io.dropwise.prediction.V2Protocol.InferRequest;
import io.dropwise.prediction.V2Protocol.InferResponse;
import io.dropwise.prediction.V2Protocol.OutputTensor;
import io.dropwise.prediction.V2Protocol.RequestedOutput;
import io.dropwise.prediction.V2Protocol.TensorMetadata;
import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * V2 {@code infer}: one input tensor {@code input} of the model's ENCODED inputs (one-hot categories expanded,
 * unscaled), shape {@code [n, width]}; outputs {@code probabilities} + {@code label} (classification) or
 * {@code value} (regression), plus {@code mean}, {@code std} (and {@code entropy}) with MC dropout.
 */
@Service
class V2InferenceService {

    private static final Set<String> NUMERIC_TYPES = Set.of(
            "FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64");

    private final PredictionService predictions;

    V2InferenceService(PredictionService predictions) {
        this.predictions = predictions;
    }

    /** The output tensors this model produces (without the MC ones). */
    static List<TensorMetadata> outputs(ServedModel served) {
        return served.classification()
                ? List.of(new TensorMetadata("probabilities", "FP32", new long[] {-1, served.outputs()}),
                        new TensorMetadata("label", "BYTES", new long[] {-1}))
                : List.of(new TensorMetadata("value", "FP32", new long[] {-1, 1}));
    }

    InferResponse infer(String name, VersionSelector selector, InferRequest request) {
        if (request.inputs() == null || request.inputs().size() != 1) {
            throw invalid("inputs", "send exactly one input tensor named '" + V2Protocol.INPUT + "'");
        }
        InferInput input = request.inputs().get(0);
        MonteCarlo mc = monteCarlo(request.parameters());
        ServedModel served = predictions.served(name, selector);
        float[][] rows = rows(input, served.inputWidth());
        float[][] outputs = served.model().predict(rows);
        McPrediction uncertainty = mc == null ? null
                : served.model().predictMonteCarlo(rows, mc.samples(), mc.seed());

        int n = rows.length;
        int k = served.outputs();
        Map<String, OutputTensor> tensors = new LinkedHashMap<>();
        if (served.classification()) {
            tensors.put("probabilities", matrix("probabilities", outputs, k));
            String[] labels = new String[n];
            for (int r = 0; r < n; r++) {
                labels[r] = served.classes()[argmax(outputs[r])];
            }
            tensors.put("label", new OutputTensor("label", "BYTES", new long[] {n}, labels));
        } else {
            tensors.put("value", matrix("value", outputs, 1));
        }
        Map<String, Object> parameters = null;
        if (uncertainty != null) {
            tensors.put("mean", matrix("mean", uncertainty.mean(), k));
            tensors.put("std", matrix("std", uncertainty.std(), k));
            if (served.classification()) {
                float[] entropy = new float[n];
                for (int r = 0; r < n; r++) {
                    entropy[r] = (float) PredictionService.entropy(uncertainty.mean()[r]);
                }
                tensors.put("entropy", new OutputTensor("entropy", "FP32", new long[] {n}, entropy));
            }
            parameters = Map.of("mc_samples", mc.samples(), "mc_seed", mc.seed());
        }
        return new InferResponse(served.ref().name(), Integer.toString(served.ref().version()), request.id(),
                parameters, select(tensors, request.outputs()));
    }

    private MonteCarlo monteCarlo(Map<String, Object> parameters) {
        if (parameters == null || !(parameters.containsKey("mc_samples") || parameters.containsKey("mc_seed"))) {
            return null;
        }
        Number samples = number(parameters.get("mc_samples"), "parameters.mc_samples");
        Number seed = number(parameters.get("mc_seed"), "parameters.mc_seed");
        return predictions.monteCarlo(samples == null ? null : samples.intValue(),
                seed == null ? null : seed.longValue(), "parameters.mc_samples");
    }

    private static Number number(Object value, String field) {
        if (value == null || value instanceof Number) {
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE) {
                    throw invalid(field, "must be an integer, got " + value);
                }
            }
            return (Number) value;
        }
        throw invalid(field, "must be an integer, got " + value);
    }

    private float[][] rows(InferInput input, int width) {
        if (!V2Protocol.INPUT.equals(input.name())) {
            throw invalid("inputs[0].name", "the model's only input is named '" + V2Protocol.INPUT + "', got '"
                    + input.name() + "'");
        }
        if (input.datatype() == null || !NUMERIC_TYPES.contains(input.datatype())) {
            throw invalid("inputs[0].datatype", "must be FP32 (or another numeric type), got " + input.datatype());
        }
        List<Long> shape = input.shape();
        if (shape == null || shape.size() != 2 || shape.get(0) == null || shape.get(1) == null
                || shape.get(1) != width || shape.get(0) < 0) {
            throw invalid("inputs[0].shape", "must be [n, " + width + "] (n instances of the model's " + width
                    + " encoded inputs), got " + shape);
        }
        long n = shape.get(0);
        predictions.checkInstanceCount((int) Math.min(n, Integer.MAX_VALUE), "inputs[0].shape[0]");
        float[] flat = new float[(int) n * width];
        int count = flatten(input.data(), flat, 0);
        if (count != flat.length) {
            throw invalid("inputs[0].data", "shape " + shape + " needs " + flat.length + " values, got " + count);
        }
        float[][] rows = new float[(int) n][];
        for (int r = 0; r < n; r++) {
            rows[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return rows;
    }

    /** Copies numbers from a flat or nested array into {@code out}; returns how many there were. */
    private static int flatten(JsonNode data, float[] out, int at) {
        if (data == null || !data.isArray()) {
            throw invalid("inputs[0].data", "must be an array of numbers (flat in row-major order, or nested)");
        }
        for (JsonNode element : data) {
            if (element.isArray()) {
                at = flatten(element, out, at);
                continue;
            }
            if (!element.isNumber()) {
                throw invalid("inputs[0].data", "must hold only numbers, got " + element);
            }
            double v = element.doubleValue();
            if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                throw invalid("inputs[0].data", "must hold finite numbers, got " + element);
            }
            if (at < out.length) {
                out[at] = (float) v;
            }
            at++;
        }
        return at;
    }

    private static OutputTensor matrix(String name, float[][] values, int columns) {
        float[] flat = new float[values.length * columns];
        for (int r = 0; r < values.length; r++) {
            System.arraycopy(values[r], 0, flat, r * columns, columns);
        }
        return new OutputTensor(name, "FP32", new long[] {values.length, columns}, flat);
    }

    private static List<OutputTensor> select(Map<String, OutputTensor> tensors, List<RequestedOutput> requested) {
        if (requested == null || requested.isEmpty()) {
            return List.copyOf(tensors.values());
        }
        List<OutputTensor> selected = new ArrayList<>();
        for (RequestedOutput output : requested) {
            OutputTensor tensor = output == null ? null : tensors.get(output.name());
            if (tensor == null) {
                throw invalid("outputs", "unknown output " + (output == null ? null : "'" + output.name() + "'")
                        + "; this request can return " + tensors.keySet());
            }
            selected.add(tensor);
        }
        return selected;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-inference-request", "Invalid inference request",
                field + ": " + message + ".").with("errors", List.of(new FieldProblem(field, message)));
    }
}
