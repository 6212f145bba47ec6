package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Monte-Carlo dropout (Gal and Ghahramani 2016): T stochastic passes with training-mode masks and batch norm in
 * inference mode; the mean converges to the deterministic output at ~1/√T for a linear network.
 */
class MonteCarloTests {

    private static final FeatureScaler IDENTITY = new FeatureScaler(new float[3], new float[] {1, 1, 1}, 0, 1);

    @Test
    void linearNetworkMeanConvergesToTheDeterministicOutput() {
        NetworkSpec spec = new NetworkSpec(
                3,
                1,
                Task.REGRESSION,
                0.2,
                List.of(new LayerSpec(6, Activation.LINEAR, 0.5, false)),
                DropoutScaling.INVERTED);
        Network net = new Network(spec, 4, Blas.get());
        net.initialize(new Rng(2));
        Model model = new Model(spec, IDENTITY, net.exportState());
        float[][] rows = {{1, -2, 0.5f}, {0.3f, 0.9f, -1.1f}};
        float[][] exact = model.predict(rows);
        double small = error(model.predictMonteCarlo(rows, 20, 1), exact);
        double large = error(model.predictMonteCarlo(rows, 20_000, 1), exact);
        assertThat(large).isLessThan(small / 8); // ~1/√T: √1000 ≈ 32
        assertThat(large).isLessThan(0.05);
    }

    /**
     * Weight scaling trains with unscaled 0/1 masks and scales weights by the keep probability q at inference, so its
     * Monte-Carlo passes must use unscaled weights and 0/1 masks: for a linear network their mean is then exactly the
     * deterministic output in expectation. Masks scaled by 1/q would converge to the unscaled network (here ≈ 2× off
     * for the hidden layer's q = 0.5), and masks on the q-scaled weights to q times the answer.
     */
    @Test
    void weightScalingMeanConvergesToTheWeightScaledDeterministicOutput() {
        NetworkSpec spec = new NetworkSpec(
                3,
                1,
                Task.REGRESSION,
                0.2,
                List.of(new LayerSpec(6, Activation.LINEAR, 0.5, false)),
                DropoutScaling.WEIGHT_SCALING);
        Network net = new Network(spec, 4, Blas.get());
        net.initialize(new Rng(2));
        Model model = new Model(spec, IDENTITY, net.exportState());
        float[][] rows = {{1, -2, 0.5f}, {0.3f, 0.9f, -1.1f}};
        float[][] exact = model.predict(rows);
        NetworkSpec unscaled = new NetworkSpec(
                3,
                1,
                Task.REGRESSION,
                0.2,
                List.of(new LayerSpec(6, Activation.LINEAR, 0.5, false)),
                DropoutScaling.INVERTED);
        float[][] plain = new Model(unscaled, IDENTITY, net.exportState()).predict(rows);
        assertThat(error(plain, exact))
                .as("the two references must be far apart")
                .isGreaterThan(0.3);
        McPrediction mc = model.predictMonteCarlo(rows, 20_000, 1);
        assertThat(error(mc, exact)).isLessThan(0.05);
        assertThat(mc.std()[0][0]).isPositive();
    }

    @Test
    void batchNormStaysInInferenceModeDuringMonteCarlo() {
        NetworkSpec spec = new NetworkSpec(
                3,
                2,
                Task.CLASSIFICATION,
                0,
                List.of(new LayerSpec(5, Activation.TANH, 0, true)),
                DropoutScaling.INVERTED);
        Network net = new Network(spec, 4, Blas.get());
        net.initialize(new Rng(3));
        Model model = new Model(spec, IDENTITY, net.exportState());
        float[][] one = {{1, 2, 3}};
        // batch statistics of a single row would normalize every unit to β: the output would not depend on the row
        McPrediction a = model.predictMonteCarlo(one, 3, 1);
        McPrediction b = model.predictMonteCarlo(new float[][] {{-3, 0, 1}}, 3, 1);
        assertThat(a.mean()).isDeepEqualTo(model.predict(one));
        assertThat(a.mean()[0][0]).isNotEqualTo(b.mean()[0][0]);
        assertThat(a.std()[0]).containsOnly(0f);
    }

    private static double error(McPrediction mc, float[][] exact) {
        return error(mc.mean(), exact);
    }

    private static double error(float[][] mean, float[][] exact) {
        double worst = 0;
        for (int r = 0; r < exact.length; r++) {
            worst = Math.max(worst, Math.abs(mean[r][0] - exact[r][0]));
        }
        return worst;
    }
}
