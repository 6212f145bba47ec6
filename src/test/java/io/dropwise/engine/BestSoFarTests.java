package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's best-epoch rule, which the service stores as reported (it used to re-implement it, differently). */
class BestSoFarTests {

    private static EpochMetrics epoch(int epoch, double validationLoss) {
        return new EpochMetrics(epoch, 1, 0.5, validationLoss, 0.5, Double.NaN, 0, 0.1, 10, 1000);
    }

    private static BestSoFar run(double... scores) {
        BestSoFar best = BestSoFar.initial();
        for (int i = 0; i < scores.length; i++) {
            best = best.after(epoch(i + 1, scores[i]), scores[i], new float[][] {{i}});
        }
        return best;
    }

    @Test
    void theLowestScoreWinsAndTheEarliestWinsTies() {
        assertThat(run(0.9, 0.4, 0.4, 0.5).bestEpoch()).isEqualTo(2);
    }

    @Test
    void withoutAValidationSplitTheLastEpochIsTheBest() {
        assertThat(run(Double.NaN, Double.NaN, Double.NaN).bestEpoch()).isEqualTo(3);
    }

    /** A diverged epoch's score is +∞ (RunData.score), never NaN: it must not pass for "no validation split". */
    @Test
    void aDivergedEpochIsNeverTheBest() {
        BestSoFar best = run(0.9, 0.4, Double.POSITIVE_INFINITY);
        assertThat(best.bestEpoch()).isEqualTo(2);
        assertThat(best.weights()[0][0]).isEqualTo(1f);
    }

    /** The listener hears, with each epoch, the epoch the run would return: the one the result then names. */
    @Test
    void theListenerHearsTheEnginesBestEpoch() {
        List<int[]> heard = new ArrayList<>();
        Dataset data = Fixtures.blobs(200, 4, 3, 1.5, 7);
        NetworkSpec network =
                Fixtures.classifier(4, 3, 0, DropoutScaling.INVERTED, new LayerSpec(16, Activation.RELU, 0.5, false));
        TrainingSpec training = Fixtures.training(6, 16, OptimizerSpec.sgd(0.05, 0.9, false), 0.3, 3);
        TrainingResult result = new Trainer(network, training)
                .fit(
                        data,
                        new TrainingListener() {
                            @Override
                            public void onEpochEnd(EpochMetrics metrics, int bestEpoch) {
                                heard.add(new int[] {metrics.epoch(), bestEpoch});
                            }
                        },
                        () -> false);
        assertThat(heard).hasSize(6);
        assertThat(heard).allSatisfy(e -> assertThat(e[1]).isBetween(1, e[0]));
        assertThat(heard.get(5)[1]).isEqualTo(result.bestEpoch());
    }
}
