package io.dropwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.dataset.LoadedDataset;
import io.dropwise.engine.Activation;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingResult;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.prediction.TrainedModels.Trained;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The exported ONNX model, run in onnxruntime, gives {@code /predict}'s outputs within 1e-5 on every row: every
 * built-in dataset, both dropout scaling modes, with and without batch norm, every activation, both feature
 * scalings; and regression with a categorical (one-hot) input and target scaling.
 */
class OnnxExportIntegrationTests extends TransferTestBase {

    static final double TOLERANCE = 1e-5;
    static final List<String> BUILTINS = List.of("iris", "breast-cancer", "wine", "digits");
    static final String BUILTIN_REGRESSION = "diabetes";
    static final Activation[] ACTIVATIONS = Activation.values();

    static Stream<Arguments> classificationCases() {
        List<Arguments> cases = new ArrayList<>();
        int k = 0;
        for (String dataset : BUILTINS) {
            for (DropoutScaling scaling : DropoutScaling.values()) {
                for (boolean batchNorm : new boolean[] {false, true}) {
                    cases.add(Arguments.of(dataset, scaling, batchNorm, k++));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, batch norm {2}")
    @MethodSource("classificationCases")
    void classificationMatchesPredictOnEveryRow(String datasetId, DropoutScaling scaling, boolean batchNorm, int k)
            throws OrtException {
        LoadedDataset loaded = datasets.load(datasetId);
        Dataset data = loaded.data();
        Activation first = ACTIVATIONS[k % ACTIVATIONS.length];
        Activation second = ACTIVATIONS[(k + 3) % ACTIVATIONS.length];
        String name = trainAndRegister(loaded, scaling, batchNorm, k);

        float[][] rows = rows(data);
        List<JsonNode> predictions = predictAll(name, 1, Arrays.asList(rows), "");
        byte[] onnx = export(name, 1, "onnx");
        try (OrtSession session = session(onnx)) {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            assertThat(EXACT.readTree(metadata.get("dropwise.classes")).size()).isEqualTo(data.classes());
            assertThat(metadata.get("dropwise.features"))
                    .contains(loaded.schema().featureNames().get(0));
            float[][] probabilities = run(session, rows, "probabilities");
            List<String> classes = loaded.schema().classes();
            double worst = 0;
            for (int r = 0; r < rows.length; r++) {
                JsonNode expected = predictions.get(r).get("probabilities");
                for (int c = 0; c < classes.size(); c++) {
                    double diff = Math.abs(probabilities[r][c] - exactFloat(expected.get(classes.get(c))));
                    worst = Math.max(worst, diff);
                    assertThat(diff)
                            .as(
                                    "row %d class %s: onnx %s, /predict %s",
                                    r, classes.get(c), probabilities[r][c], expected)
                            .isLessThanOrEqualTo(TOLERANCE);
                }
            }
            System.out.printf(
                    "onnx %s %s bn=%s %s/%s: %d rows, max |diff| %.2e%n",
                    datasetId, scaling, batchNorm, first, second, rows.length, worst);
        }
    }

    static Stream<Arguments> builtinRegressionCases() {
        List<Arguments> cases = new ArrayList<>();
        int k = 0;
        for (DropoutScaling scaling : DropoutScaling.values()) {
            for (boolean batchNorm : new boolean[] {false, true}) {
                cases.add(Arguments.of(scaling, batchNorm, k++));
            }
        }
        return cases.stream();
    }

    /** The built-in regression dataset: a target in the hundreds, so the target scaling's inverse is in the graph. */
    @ParameterizedTest(name = "diabetes, {0}, batch norm {1}")
    @MethodSource("builtinRegressionCases")
    void builtinRegressionMatchesPredictOnEveryRow(DropoutScaling scaling, boolean batchNorm, int k)
            throws OrtException {
        LoadedDataset loaded = datasets.load(BUILTIN_REGRESSION);
        Dataset data = loaded.data();
        assertThat(data.task()).isEqualTo(Task.REGRESSION);
        String name = trainAndRegister(loaded, scaling, batchNorm, k);

        float[][] rows = rows(data);
        List<JsonNode> predictions = predictAll(name, 1, Arrays.asList(rows), "");
        try (OrtSession session = session(export(name, 1, "onnx"))) {
            float[][] values = run(session, rows, "value");
            double worst = 0;
            for (int r = 0; r < rows.length; r++) {
                float expected = exactFloat(predictions.get(r).get("value"));
                double diff = Math.abs(values[r][0] - expected);
                worst = Math.max(worst, diff / Math.max(1, Math.abs(expected)));
                assertThat(diff)
                        .as("row %d: onnx %s, /predict %s", r, values[r][0], expected)
                        .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(expected)));
            }
            assertThat(session.getMetadata().getCustomMetadata().get("dropwise.features"))
                    .contains("bmi");
            System.out.printf(
                    "onnx %s %s bn=%s: %d rows, max relative |diff| %.2e%n",
                    BUILTIN_REGRESSION, scaling, batchNorm, rows.length, worst);
        }
    }

    /**
     * Trains on a built-in dataset and registers the model under a new name: two hidden layers cycling through every
     * activation with case {@code k}, input and hidden dropout so that weight scaling matters, and the feature scaling
     * alternating.
     */
    private String trainAndRegister(LoadedDataset loaded, DropoutScaling scaling, boolean batchNorm, int k) {
        Dataset data = loaded.data();
        NetworkSpec network = new NetworkSpec(
                data.features(),
                data.task() == Task.REGRESSION ? 1 : data.classes(),
                data.task(),
                0.2,
                List.of(
                        new LayerSpec(16, ACTIVATIONS[k % ACTIVATIONS.length], 0.5, batchNorm),
                        new LayerSpec(8, ACTIVATIONS[(k + 3) % ACTIVATIONS.length], 0.3, batchNorm)),
                scaling);
        FeatureScaling featureScaling = k % 2 == 0 ? FeatureScaling.STANDARDIZE : FeatureScaling.MINMAX;
        String id = loaded.id();
        String name = uniqueName("onnx-" + id);
        register(name, train(network, featureScaling, data, loaded.schema(), id));
        return name;
    }

    @ParameterizedTest(name = "{0}, batch norm {1}")
    @MethodSource("regressionCases")
    void regressionWithCategoricalInputMatchesPredict(DropoutScaling scaling, boolean batchNorm, Activation activation)
            throws OrtException {
        Trained mixed = io.dropwise.prediction.TrainedModels.mixedRegression();
        String[] colors = {"red", "green", "blue"};
        int rows = 300;
        float[] x = new float[rows * 4];
        float[] y = new float[rows];
        List<List<Object>> instances = new ArrayList<>();
        java.util.Random random = new java.util.Random(5);
        for (int r = 0; r < rows; r++) {
            float size = (float) (random.nextDouble() * 10);
            int color = random.nextInt(3);
            x[r * 4] = size;
            x[r * 4 + 1 + color] = 1;
            y[r] = 100 + 2 * size + 3 * color;
            instances.add(List.of(size, colors[color]));
        }
        NetworkSpec network = new NetworkSpec(
                4, 1, Task.REGRESSION, 0.1, List.of(new LayerSpec(16, activation, 0.4, batchNorm)), scaling);
        String name = uniqueName("onnx-regression");
        register(
                name,
                train(network, FeatureScaling.STANDARDIZE, Dataset.regression(rows, 4, x, y), mixed.schema(), "mixed"));

        List<JsonNode> predictions = predictAll(name, 1, instances, "");
        float[][] encoded = new float[rows][];
        for (int r = 0; r < rows; r++) {
            encoded[r] = mixed.schema().encode(instances.get(r));
        }
        try (OrtSession session = session(export(name, 1, "onnx"))) {
            float[][] values = run(session, encoded, "value");
            for (int r = 0; r < rows; r++) {
                float expected = exactFloat(predictions.get(r).get("value"));
                assertThat((double) Math.abs(values[r][0] - expected))
                        .as("row %d: onnx %s, /predict %s", r, values[r][0], expected)
                        .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(expected)));
            }
            assertThat(session.getMetadata().getCustomMetadata().get("dropwise.inputs"))
                    .isEqualTo("[\"size\",\"color=red\",\"color=green\",\"color=blue\"]");
        }
    }

    static Stream<Arguments> regressionCases() {
        return Stream.of(
                Arguments.of(DropoutScaling.WEIGHT_SCALING, true, Activation.TANH),
                Arguments.of(DropoutScaling.INVERTED, false, Activation.RELU));
    }

    @Test
    void anUnknownFormatIsA400AndAnUnknownVersionA404() {
        String name = uniqueName("onnx-bad");
        register(name, io.dropwise.prediction.TrainedModels.irisPlain(datasets));
        Bytes format = getBytes("/models/" + name + "/versions/1/export?format=pmml");
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.text()).contains("onnx", "dropwise");
        assertThat(getBytes("/models/" + name + "/versions/1/export").status()).isEqualTo(400);
        Bytes version = getBytes("/models/" + name + "/versions/9/export?format=onnx");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.text()).contains(PROBLEMS + "model-version-not-found");
        assertThat(getBytes("/models/nope-" + name + "/versions/1/export?format=onnx")
                        .status())
                .isEqualTo(404);
    }

    static OrtSession session(byte[] onnx) throws OrtException {
        return OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions());
    }

    static float[][] run(OrtSession session, float[][] rows, String output) throws OrtException {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {rows.length, width});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        }
    }

    static float[][] rows(Dataset data) {
        float[][] rows = new float[data.rows()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOfRange(data.x(), r * data.features(), (r + 1) * data.features());
        }
        return rows;
    }

    static Trained train(
            NetworkSpec network, FeatureScaling scaling, Dataset data, DatasetSchema schema, String datasetId) {
        TrainingSpec training = new TrainingSpec(
                3,
                32,
                OptimizerSpec.adam(0.01),
                0,
                0,
                0,
                LearningRateSchedule.constant(),
                0.2,
                EarlyStopping.off(),
                scaling,
                7,
                0,
                1);
        TrainingResult result = new Trainer(network, training).fit(data, TrainingListener.NONE, () -> false);
        String spec = "{\"training\":{\"featureScaling\":\"" + scaling.name().toLowerCase(java.util.Locale.ROOT)
                + "\",\"seed\":7}}";
        return new Trained(result.model(), schema, datasetId, spec, result.bestEpoch(), result.bestMetrics());
    }
}
