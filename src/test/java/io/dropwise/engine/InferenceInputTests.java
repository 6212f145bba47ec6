package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Raw rows enter inference scaled by {@link FeatureScaler#applyRow} and copied into the input buffer in one bulk put:
 * the same floats as scaling each value by {@code (x − offset) · scale} in the test, for single rows (sgemv) and
 * batches (sgemm), regression included.
 */
class InferenceInputTests {

    private static final int INPUTS = 37;

    @Test
    void applyRowGivesTheFormulasFloats() {
        SplittableRandom random = new SplittableRandom(7);
        FeatureScaler scaler = scaler(random);
        float[] out = new float[INPUTS];
        for (int trial = 0; trial < 2_000; trial++) {
            float[] row = row(random);
            scaler.applyRow(row, out);
            for (int j = 0; j < INPUTS; j++) {
                float expected = (row[j] - scaler.offset[j]) * scaler.scale[j];
                assertThat(Float.floatToRawIntBits(out[j]))
                        .as("trial %d feature %d", trial, j)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    @Test
    void predictOnRawRowsEqualsPredictOnRowsScaledInTheTest() {
        for (Task task : Task.values()) {
            SplittableRandom random = new SplittableRandom(11);
            NetworkSpec spec = task == Task.CLASSIFICATION
                    ? Fixtures.classifier(
                            INPUTS, 5, 0.2, DropoutScaling.INVERTED, new LayerSpec(16, Activation.RELU, 0.5, false))
                    : new NetworkSpec(
                            INPUTS,
                            1,
                            Task.REGRESSION,
                            0.2,
                            java.util.List.of(new LayerSpec(16, Activation.RELU, 0.5, false)),
                            DropoutScaling.INVERTED);
            Network net = new Network(spec, 1, Blas.get());
            net.initialize(new Rng(3));
            FeatureScaler scaler = scaler(random);
            Model model = new Model(spec, scaler, net.exportState());
            for (int rows : new int[] {1, 2, 9}) {
                float[][] raw = new float[rows][];
                float[] scaled = new float[rows * INPUTS];
                int[] indices = new int[rows];
                for (int r = 0; r < rows; r++) {
                    raw[r] = row(random);
                    indices[r] = r;
                    for (int j = 0; j < INPUTS; j++) {
                        scaled[r * INPUTS + j] = (raw[r][j] - scaler.offset[j]) * scaler.scale[j];
                    }
                }
                float[][] predicted = model.predict(raw);
                int k = spec.outputSize();
                float[] expected = new float[rows * k];
                model.predictScaled(ParallelBlas.inference(), scaled, indices, expected);
                float[] flat = new float[rows * k];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(predicted[r], 0, flat, r * k, k);
                }
                assertThat(flat).as("%s, %d rows", task, rows).containsExactly(expected);
                assertThat(Arrays.equals(flat, expected)).isTrue();
            }
        }
    }

    private static FeatureScaler scaler(SplittableRandom random) {
        float[] offset = new float[INPUTS];
        float[] scale = new float[INPUTS];
        for (int j = 0; j < INPUTS; j++) {
            offset[j] = (float) random.nextDouble(-50, 50);
            scale[j] = j % 9 == 0 ? 0f : (float) random.nextDouble(1e-3, 20); // 0: a feature constant in training
        }
        return new FeatureScaler(offset, scale, 1.5f, 2.5f);
    }

    private static float[] row(SplittableRandom random) {
        float[] row = new float[INPUTS];
        for (int j = 0; j < INPUTS; j++) {
            row[j] = (float) (random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-6, 7)));
        }
        return row;
    }
}
