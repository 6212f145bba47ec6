package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The predictive entropy {@code -Σ p ln p} (nats) reported with Monte-Carlo dropout, against values worked out by
 * hand: e.g. (0.7, 0.2, 0.1) gives 0.7·0.35667 + 0.2·1.60944 + 0.1·2.30259 = 0.80182.
 */
class EntropyTests {

    @Test
    void certainPredictionHasZeroEntropy() {
        assertThat(PredictionService.entropy(new float[] {1f, 0f, 0f})).isZero();
    }

    @Test
    void uniformPredictionHasLnOfTheClassCount() {
        assertThat(PredictionService.entropy(new float[] {0.5f, 0.5f})).isCloseTo(0.6931472, within(1e-7));
        assertThat(PredictionService.entropy(new float[] {0.25f, 0.25f, 0.25f, 0.25f}))
                .isCloseTo(1.3862944, within(1e-7));
    }

    @Test
    void skewedPredictionsMatchTheHandComputation() {
        // 0.7f etc. are within 2e-8 of their decimals, which moves the entropy by less than 1e-7
        assertThat(PredictionService.entropy(new float[] {0.7f, 0.2f, 0.1f})).isCloseTo(0.8018186, within(1e-6));
        assertThat(PredictionService.entropy(new float[] {0.9f, 0.05f, 0.05f})).isCloseTo(0.3943977, within(1e-6));
    }
}
