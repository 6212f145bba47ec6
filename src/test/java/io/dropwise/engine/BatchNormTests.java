package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Batch norm on a batch of one row: its variance is 0, so folding it into the running variance (momentum 0.1) would
 * shrink that by 10% and make the returned model scale the layer's output by ≈ 1/√0.9 = 1.054.
 */
class BatchNormTests {

    /** Layer 0's tensors in the canonical state: W, b, γ, β, running mean, running variance. */
    private static final int RUNNING_MEAN = 4;

    private static final int RUNNING_VAR = 5;

    @Test
    void aOneRowBatchLeavesTheRunningStatisticsAlone() {
        BatchNorm bn = new BatchNorm(1, 8);
        Matrix z = new Matrix(8, 1);
        Rng rng = new Rng(1);
        for (int step = 0; step < 200; step++) {
            for (int r = 0; r < 8; r++) {
                z.set(r, (float) (3 + 2 * rng.nextGaussian()));
            }
            bn.forward(z, 8);
        }
        float mean = bn.runningMean.get(0);
        float variance = bn.runningVar.get(0);
        z.set(0, 5f);
        Matrix y = bn.forward(z, 1);
        System.out.printf(
                "running variance %.4f before a 1-row batch, %.4f after: inference scale x%.4f%n",
                variance, bn.runningVar.get(0), Math.sqrt(variance / bn.runningVar.get(0)));
        assertThat(bn.runningVar.get(0)).isEqualTo(variance);
        assertThat(bn.runningMean.get(0)).isEqualTo(mean);
        assertThat(y.get(0)).as("a row normalized by its own statistics is β").isEqualTo(0f);
    }

    @Test
    void aOneRowBatchHasAFiniteGradientThatMatchesFiniteDifferences() {
        NetworkSpec spec = Fixtures.classifier(
                4,
                3,
                0.2,
                DropoutScaling.INVERTED,
                new LayerSpec(5, Activation.TANH, 0.3, true),
                new LayerSpec(4, Activation.RELU, 0, true));
        Network net = new Network(spec, 6, Blas.get());
        net.initialize(new Rng(11));
        Rng values = new Rng(5);
        for (int j = 0; j < 4; j++) {
            net.input.set(j, (float) values.nextGaussian());
        }
        GradientCheckTests.Batch one = new GradientCheckTests.Batch(1, new int[] {2}, null);
        double loss = net.forwardBackward(1, one.labels(), null, new Rng(3));
        assertThat(loss).isFinite();
        for (Param p : net.params()) {
            for (float g : p.grad.toArray()) {
                assertThat(g).isFinite();
            }
        }
        // the first layer's output is β whatever its weights: its gradient is exactly 0, and so is the estimate
        assertThat(net.params().get(0).grad.toArray()).containsOnly(0f);
        assertThat(GradientChecker.worstError(net, one, 7, 7)).isLessThan(GradientChecker.TOLERANCE);
    }

    /**
     * 33 training rows in batches of 8 end each epoch with a batch of one row: stopped right before it and resumed,
     * the run shows what that batch did to the running statistics of the model it returns.
     */
    @Test
    void theReturnedModelIsNotRescaledByAFinalOneRowBatch() {
        NetworkSpec net =
                Fixtures.classifier(4, 3, 0, DropoutScaling.INVERTED, new LayerSpec(6, Activation.TANH, 0, true));
        TrainingSpec spec = Fixtures.training(1, 8, OptimizerSpec.sgd(0.05, 0.9, false), 0, 4);
        Dataset data = Fixtures.blobs(33, 4, 3, 0.8, 2);
        List<Checkpoint> checkpoints = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        new Trainer(net, spec).fit(data, TrainerTests.collect(checkpoints), () -> polls.incrementAndGet() > 4);
        Checkpoint beforeLastBatch = checkpoints.get(0);
        assertThat(beforeLastBatch.batch()).isEqualTo(4);
        float[][] returned = new Trainer(net, spec)
                .fit(data, TrainingListener.NONE, () -> false)
                .model()
                .state;

        double worst = 1;
        for (int u = 0; u < 6; u++) {
            worst = Math.max(worst, Math.sqrt(beforeLastBatch.weights[RUNNING_VAR][u] / returned[RUNNING_VAR][u]));
        }
        System.out.printf("a final 1-row batch scales the model's batch-norm outputs by up to x%.4f%n", worst);
        assertThat(returned[RUNNING_VAR]).containsExactly(beforeLastBatch.weights[RUNNING_VAR]);
        assertThat(returned[RUNNING_MEAN]).containsExactly(beforeLastBatch.weights[RUNNING_MEAN]);
        assertThat(returned[0]).as("the last batch still trains").isNotEqualTo(beforeLastBatch.weights[0]);
        assertThat(worst).isCloseTo(1, within(0.0));
    }

    @Test
    void batchNormWithBatchesOfOneRowIsRefused() {
        NetworkSpec net =
                Fixtures.classifier(4, 3, 0, DropoutScaling.INVERTED, new LayerSpec(6, Activation.TANH, 0, true));
        assertThatThrownBy(() -> new Trainer(net, Fixtures.training(1, 1, OptimizerSpec.adam(0.01), 0.2, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch norm")
                .hasMessageContaining("batchSize");
        NetworkSpec plain =
                Fixtures.classifier(4, 3, 0, DropoutScaling.INVERTED, new LayerSpec(6, Activation.TANH, 0, false));
        new Trainer(plain, Fixtures.training(1, 1, OptimizerSpec.adam(0.01), 0.2, 1));
        // a regression split may leave one training row (classification keeps one per class)
        NetworkSpec regressor = Fixtures.regressor(4, 0, new LayerSpec(6, Activation.TANH, 0, true));
        assertThatThrownBy(() -> new Trainer(regressor, Fixtures.training(1, 8, OptimizerSpec.adam(0.01), 0.5, 1))
                        .fit(Fixtures.waves(2, 4, 1), TrainingListener.NONE, () -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 training rows");
    }
}
