package io.dropwise.model.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.dropwise.engine.Activation;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.FoldedNetwork;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.Model;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.model.export.onnx.Onnx.ModelProto;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Without the application: the exported graph is a standard ONNX model (IR 8, opset 17, read back by the same
 * schema and run by onnxruntime) whose outputs equal {@link Model#predict}'s within 1e-5, for every activation with
 * batch norm and weight-scaling dropout (where leaving out the retain-probability scaling would be far off).
 */
class OnnxExporterTests {

    @Test
    void everyActivationWithBatchNormAndWeightScalingMatchesTheEngine() throws Exception {
        int rows = 200;
        int features = 5;
        Random random = new Random(3);
        float[] x = new float[rows * features];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < features; j++) {
                x[r * features + j] = (float) (random.nextGaussian() * (j + 1) + j * 10);
                sum += x[r * features + j] * (j % 2 == 0 ? 1 : -1);
            }
            labels[r] = sum > 0 ? 0 : sum > -25 ? 1 : 2;
        }
        Dataset data = Dataset.classification(rows, features, x, labels, 3);
        for (Activation activation : Activation.values()) {
            NetworkSpec network = new NetworkSpec(
                    features,
                    3,
                    Task.CLASSIFICATION,
                    0.3,
                    List.of(new LayerSpec(12, activation, 0.5, true), new LayerSpec(6, Activation.RELU, 0.5, false)),
                    DropoutScaling.WEIGHT_SCALING);
            Model model = new Trainer(network, training())
                    .fit(data, TrainingListener.NONE, () -> false)
                    .model();
            byte[] onnx = OnnxExporter.export(FoldedNetwork.of(model), "t", 1, "test", Map.of("k", "v"));

            ModelProto proto = ModelProto.parseFrom(onnx);
            assertThat(proto.getIrVersion()).isEqualTo(8);
            assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(17);
            assertThat(proto.getGraph().getOutput(0).getName()).isEqualTo("probabilities");

            float[][] input = new float[rows][];
            for (int r = 0; r < rows; r++) {
                input[r] = java.util.Arrays.copyOfRange(x, r * features, (r + 1) * features);
            }
            float[][] expected = model.predict(input);
            float[][] actual = run(onnx, x, rows, features);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < 3; c++) {
                    assertThat((double) Math.abs(actual[r][c] - expected[r][c]))
                            .as("%s row %d class %d", activation, r, c)
                            .isLessThanOrEqualTo(1e-5);
                }
            }
        }
    }

    private static float[][] run(byte[] onnx, float[] x, int rows, int features) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {rows, features});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            assertThat(session.getMetadata().getCustomMetadata()).containsEntry("k", "v");
            return (float[][]) result.get("probabilities").orElseThrow().getValue();
        }
    }

    private static TrainingSpec training() {
        return new TrainingSpec(
                4,
                32,
                OptimizerSpec.adam(0.01),
                0,
                0,
                0,
                LearningRateSchedule.constant(),
                0.2,
                EarlyStopping.off(),
                FeatureScaling.STANDARDIZE,
                7,
                0,
                1);
    }
}
