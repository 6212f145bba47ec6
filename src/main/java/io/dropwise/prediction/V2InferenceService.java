package io.dropwise.prediction;

import io.dropwise.engine.McPrediction;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.PredictionGuard.MonteCarlo;
import io.dropwise.prediction.V2Protocol.InferInput;
import io.dropwise.prediction.V2Protocol.InferRequest;
import io.dropwise.prediction.V2Protocol.InferResponse;
import io.dropwise.prediction.V2Protocol.OutputTensor;
import io.dropwise.prediction.V2Protocol.RequestedOutput;
import io.dropwise.prediction.V2Protocol.TensorMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * V2 {@code infer}: one input tensor {@code input} of the model's ENCODED inputs (one-hot categories expanded,
 * unscaled), shape {@code [n, width]}; outputs {@code probabilities} + {@code label} (classification) or
 * {@code value} (regression), plus {@code mean}, {@code std} (and {@code entropy}) with MC dropout. The same limits
 * ({@link PredictionGuard}) and problem types as {@code /predict}.
 */
@Service
class V2InferenceService {

    private final ModelLookup models;
    private final PredictionGuard guard;

    V2InferenceService(ModelLookup models, PredictionGuard guard) {
        this.models = models;
        this.guard = guard;
    }

    /** The output tensors this model produces (without the MC ones). */
    static List<TensorMetadata> outputs(ServedModel served) {
        return served.classification()
                ? List.of(
                        new TensorMetadata("probabilities", "FP32", new long[] {-1, served.outputs()}),
                        new TensorMetadata("label", "BYTES", new long[] {-1}))
                : List.of(new TensorMetadata("value", "FP32", new long[] {-1, 1}));
    }

    InferResponse infer(String name, VersionSelector selector, InferRequest request) {
        if (request.inputs() == null || request.inputs().size() != 1) {
            throw V2Inputs.invalid("inputs", "send exactly one input tensor named '" + V2Protocol.INPUT + "'");
        }
        InferInput input = request.inputs().get(0);
        MonteCarlo mc = V2Inputs.monteCarlo(request.parameters(), guard);
        ServedModel served = models.served(name, selector);
        int width = served.inputWidth();
        if (!V2Protocol.INPUT.equals(input.name())) {
            throw V2Inputs.invalid(
                    "inputs[0].name",
                    "the model's only input is named '" + V2Protocol.INPUT + "', got '" + input.name() + "'");
        }
        V2Inputs.range(input);
        List<Long> shape = input.shape();
        if (shape == null
                || shape.size() != 2
                || shape.get(0) == null
                || shape.get(1) == null
                || shape.get(1) != width
                || shape.get(0) < 0) {
            throw V2Inputs.invalid(
                    "inputs[0].shape",
                    "must be [n, " + width + "] (n instances of the model's " + width + " encoded inputs), got "
                            + shape);
        }
        guard.checkInstanceCount(shape.get(0), "inputs[0].shape[0]");
        int n = shape.get(0).intValue();
        guard.checkWork(served, n, mc, "parameters.mc_samples");
        float[][] rows = V2Inputs.rows(input, n, width);
        float[][] outputs = served.model().predict(rows);
        McPrediction uncertainty = mc == null ? null : guard.monteCarlo(served, rows, mc);

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
        return new InferResponse(
                served.ref().name(),
                Integer.toString(served.ref().version()),
                request.id(),
                parameters,
                select(tensors, request.outputs()));
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
                throw PredictionProblems.invalidParameter(
                        "outputs",
                        "names an unknown output "
                                + (output == null ? null : "'" + output.name() + "'") + "; this request can return "
                                + tensors.keySet());
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
}
