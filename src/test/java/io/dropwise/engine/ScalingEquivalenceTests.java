package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inverted dropout versus the paper's weight scaling (Srivastava et al. 2014, JMLR 15: train with unscaled
 * masks, multiply the outgoing weights by the keep probability q at test time): with shared masks,
 * {@code W_inv = q·W_std} at init, a weight learning rate of {@code q²·lr} (bias rate unchanged), L2 of
 * {@code λ/q²} and max-norm {@code q·c}, SGD with momentum follows the same trajectory, so inverted inference equals
 * weight-scaled inference up to round-off. (Max-norm binds here: without the {@code q·c} mapping the test fails.)
 */
class ScalingEquivalenceTests {

    private static final double INPUT_DROP = 0.2;
    private static final double HIDDEN_DROP = 0.4;
    private static final float L2 = 1e-3f;
    private static final double MAX_NORM = 2.0;

    private static NetworkSpec spec(DropoutScaling scaling) {
        return Fixtures.classifier(4, 3, INPUT_DROP, scaling, new LayerSpec(7, Activation.RELU, HIDDEN_DROP, false));
    }

    @Test
    void invertedTrainingWithRescaledInitAndRatesMatchesWeightScaling() {
        Network standard = new Network(spec(DropoutScaling.WEIGHT_SCALING), 8, Blas.get());
        Network inverted = new Network(spec(DropoutScaling.INVERTED), 8, Blas.get());
        standard.initialize(new Rng(1));
        inverted.initialize(new Rng(1));
        double[] keep = {1 - INPUT_DROP, 1, 1 - HIDDEN_DROP, 1}; // per param: W1, b1, W2, b2
        scaleWeights(inverted, keep);
        Dataset data = Fixtures.blobs(8, 4, 3, 0.7, 4);
        Matrix[] vs = velocities(standard);
        Matrix[] vi = velocities(inverted);
        for (int step = 0; step < 200; step++) {
            for (Network net : List.of(standard, inverted)) {
                net.input.copyFrom(data.x());
                net.forwardBackward(8, data.labels(), null, new Rng(100 + step));
            }
            for (int p = 0; p < keep.length; p++) {
                float lr = 0.05f;
                double q2 = keep[p] * keep[p];
                Updates.sgd(standard.params().get(p), vs[p], lr, 0.9f, false, 0, L2, Blas.get());
                Updates.sgd(
                        inverted.params().get(p),
                        vi[p],
                        (float) (lr * q2),
                        0.9f,
                        false,
                        0,
                        (float) (L2 / q2),
                        Blas.get());
                if (standard.params().get(p).isWeight) {
                    Updates.maxNorm(standard.params().get(p).value, MAX_NORM, Blas.get());
                    Updates.maxNorm(inverted.params().get(p).value, MAX_NORM * keep[p], Blas.get());
                }
            }
        }
        FeatureScaler identity = new FeatureScaler(new float[4], new float[] {1, 1, 1, 1}, 0, 1);
        float[][] rows = new float[8][4];
        for (int r = 0; r < 8; r++) {
            System.arraycopy(data.x(), r * 4, rows[r], 0, 4);
        }
        float[][] a = new Model(spec(DropoutScaling.WEIGHT_SCALING), identity, standard.exportState()).predict(rows);
        float[][] b = new Model(spec(DropoutScaling.INVERTED), identity, inverted.exportState()).predict(rows);
        double loss = 0;
        for (int r = 0; r < 8; r++) {
            loss -= Math.log(a[r][data.labels()[r]]);
            for (int k = 0; k < 3; k++) {
                assertThat((double) b[r][k]).isCloseTo(a[r][k], org.assertj.core.data.Offset.offset(2e-5));
            }
        }
        assertThat(loss / 8).isLessThan(0.5); // it did learn: the comparison is not between two untrained nets
    }

    @Test
    void singleLinearLayerInferenceIsExactlyEqual() {
        NetworkSpec standard = Fixtures.regressor(5, 0.3);
        NetworkSpec inverted = new NetworkSpec(5, 1, Task.REGRESSION, 0.3, List.of(), DropoutScaling.INVERTED);
        NetworkSpec weightScaled =
                new NetworkSpec(5, 1, Task.REGRESSION, 0.3, List.of(), DropoutScaling.WEIGHT_SCALING);
        float[] w = {0.3f, -1.2f, 2.5f, 0.7f, -0.1f};
        float[] scaled = new float[5];
        for (int j = 0; j < 5; j++) {
            scaled[j] = (float) (w[j] * 1.0 * Dropout.keepProbability(0.3)); // 1 − round(0.3·2¹⁶)/2¹⁶
        }
        FeatureScaler identity = new FeatureScaler(new float[5], new float[] {1, 1, 1, 1, 1}, 0, 1);
        Model a = new Model(weightScaled, identity, new float[][] {w, {0.5f}});
        Model b = new Model(inverted, identity, new float[][] {scaled, {0.5f}});
        float[][] rows = {{1, 2, 3, 4, 5}, {-1, 0.5f, 0.25f, 8, -3}};
        assertThat(b.predict(rows)).isDeepEqualTo(a.predict(rows));
        assertThat(standard.dropoutScaling()).isEqualTo(DropoutScaling.INVERTED);
    }

    private static void scaleWeights(Network net, double[] keep) {
        for (int p = 0; p < keep.length; p++) {
            Matrix m = net.params().get(p).value;
            for (int i = 0; i < m.size(); i++) {
                m.set(i, (float) (m.get(i) * keep[p]));
            }
        }
    }

    private static Matrix[] velocities(Network net) {
        return net.params().stream()
                .map(p -> new Matrix(p.value.rows, p.value.cols))
                .toArray(Matrix[]::new);
    }
}
