package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mask draws a 16-bit uniform per unit and drops the unit when the draw is below round(p·2¹⁶), so the
 * probability a unit is kept is exactly {@code 1 − round(p·2¹⁶)/2¹⁶}: everything that assumes a keep probability
 * (the inverted scale of kept units, weight-scaling inference, Monte-Carlo masks) must use that value, not 1 − p.
 * The expectations below are exact sums over the 2¹⁶ equally likely draws, not samples.
 */
class DropoutQuantizationTests {

    private static final double DRAWS = 65536.0;

    /** Exact probability that a mask keeps a unit: the share of the 2¹⁶ draws at or above the threshold. */
    private static double keptShare(double dropProbability) {
        return (DRAWS - Dropout.threshold(dropProbability)) / DRAWS;
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {0.1, 0.3, 0.5, 0.8, 0.999, 0.9999, 0.99999, 1 - 0x1p-16})
    void invertedMaskHasExpectationOne(double p) {
        double expectation = keptShare(p) * Dropout.keptValue(p, DropoutScaling.INVERTED);
        System.out.printf(
                "E[mask] at p = %s: %.7f with kept units scaled by the nominal 1/(1-p), %.7f now%n",
                p, keptShare(p) / (1 - p), expectation);
        assertThat(expectation).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void aDropProbabilityThatRoundsToOneIsRefusedWithAMessage() {
        double roundsToOne = 1 - 0x1p-17;
        assertThat(Dropout.threshold(roundsToOne))
                .as("every draw would be below the threshold")
                .isEqualTo(65536);
        assertThatThrownBy(() -> new LayerSpec(4, Activation.RELU, roundsToOne, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropProbability")
                .hasMessageContaining("drops every unit");
        assertThatThrownBy(() -> Fixtures.classifier(4, 2, 0.999999, DropoutScaling.INVERTED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputDropProbability");
        assertThat(LayerSpec.DROP_PROBABILITY_LIMIT).isEqualTo(roundsToOne);
    }

    @Test
    void theLargestAcceptedDropProbabilityStillKeepsUnits() {
        double largest = Math.nextDown(LayerSpec.DROP_PROBABILITY_LIMIT);
        new LayerSpec(4, Activation.RELU, largest, false);
        int n = 1 << 22;
        Matrix mask = new Matrix(1, n);
        Dropout.drawMask(
                mask,
                n,
                Dropout.threshold(largest),
                Dropout.keptValue(largest, DropoutScaling.INVERTED),
                new Rng(9),
                Blas.get());
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (mask.get(i) != 0f) {
                kept++;
                assertThat(mask.get(i)).isEqualTo(65536f);
            }
        }
        // 64 expected (2²² · 2⁻¹⁶), σ = 8
        assertThat(kept).isBetween(24, 104);
    }

    @Test
    void weightScalingInferenceMultipliesByTheKeepProbabilityOfTheMasks() {
        double p = 0.999;
        NetworkSpec spec = new NetworkSpec(3, 1, Task.REGRESSION, p, List.of(), DropoutScaling.WEIGHT_SCALING);
        FeatureScaler identity = new FeatureScaler(new float[3], new float[] {1, 1, 1}, 0, 1);
        Model model = new Model(spec, identity, new float[][] {{1, 2, 3}, {0}});
        float out = model.predict(new float[][] {{1, 1, 1}})[0][0];
        System.out.printf(
                "weight-scaled output at p = %s: %.7f (6·(1-p) = %.7f, 6·E[mask] = %.7f)%n",
                p, out, 6 * (1 - p), 6 * keptShare(p));
        assertThat((double) out).isCloseTo(6 * keptShare(p), within(1e-8));
    }
}
