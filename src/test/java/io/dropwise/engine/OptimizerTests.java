package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One or two optimizer steps on a 1×2 weight and a bias against values computed by hand. */
class OptimizerTests {

    private static final float TOL = 1e-6f;

    private static Param weight(float w0, float w1, float g0, float g1) {
        Param p = new Param(1, 2, true);
        p.value.copyFrom(new float[] {w0, w1});
        p.grad.copyFrom(new float[] {g0, g1});
        return p;
    }

    @Test
    void plainSgdWithL2AndL1OnWeightsButNotBiases() {
        Param w = weight(1f, -2f, 0.5f, 0.25f);
        Param b = new Param(1, 1, false);
        b.value.copyFrom(new float[] {3f});
        b.grad.copyFrom(new float[] {1f});
        Optimizer sgd = new Optimizer(OptimizerSpec.sgd(0.1, 0, false), 0.01, 0.1, 0, List.of(w, b), Blas.get());
        sgd.step(0.1);
        // g' = g + l2·w + l1·sign(w): (0.5 + 0.1 + 0.01, 0.25 - 0.2 - 0.01); w -= 0.1·g'
        assertThat(w.value.get(0)).isCloseTo(1f - 0.1f * 0.61f, offset(TOL));
        assertThat(w.value.get(1)).isCloseTo(-2f - 0.1f * 0.04f, offset(TOL));
        assertThat(b.value.get(0)).isCloseTo(3f - 0.1f, offset(TOL)); // no penalty on the bias
    }

    @Test
    void momentumAndNesterov() {
        Param m = weight(1f, 1f, 1f, -1f);
        Param n = weight(1f, 1f, 1f, -1f);
        Optimizer momentum = new Optimizer(OptimizerSpec.sgd(0.1, 0.9, false), 0, 0, 0, List.of(m), Blas.get());
        Optimizer nesterov = new Optimizer(OptimizerSpec.sgd(0.1, 0.9, true), 0, 0, 0, List.of(n), Blas.get());
        momentum.step(0.1);
        nesterov.step(0.1);
        // step 1: v = g = 1; momentum: w = 1 - 0.1·1 = 0.9; Nesterov: w = 1 - 0.1·(1 + 0.9·1) = 0.81
        assertThat(m.value.get(0)).isCloseTo(0.9f, offset(TOL));
        assertThat(n.value.get(0)).isCloseTo(0.81f, offset(TOL));
        momentum.step(0.1);
        nesterov.step(0.1);
        // step 2 (same g = 1): v = 0.9 + 1 = 1.9; momentum: 0.9 - 0.19 = 0.71; Nesterov: 0.81 - 0.1·(1 + 1.71) = 0.539
        assertThat(m.value.get(0)).isCloseTo(0.71f, offset(TOL));
        assertThat(n.value.get(0)).isCloseTo(0.539f, offset(TOL));
        assertThat(m.value.get(1)).isCloseTo(1.29f, offset(TOL));
    }

    @Test
    void fusedMomentumPathMatchesTheGenericUpdate() {
        NetworkSpec spec =
                Fixtures.classifier(4, 3, 0, DropoutScaling.INVERTED, new LayerSpec(5, Activation.TANH, 0, false));
        Network fused = new Network(spec, 6, Blas.get());
        Network generic = new Network(spec, 6, Blas.get());
        fused.initialize(new Rng(1));
        generic.initialize(new Rng(1));
        Optimizer optimizer = new Optimizer(OptimizerSpec.sgd(0.1, 0.9, false), 0, 0, 0, fused.params(), Blas.get());
        Matrix[] velocity = generic.params().stream()
                .map(q -> new Matrix(q.value.rows, q.value.cols))
                .toArray(Matrix[]::new);
        Dataset data = Fixtures.blobs(6, 4, 3, 1, 2);
        for (int step = 0; step < 5; step++) {
            fused.input.copyFrom(data.x());
            generic.input.copyFrom(data.x());
            fused.forwardBackward(6, data.labels(), null, new Rng(3));
            optimizer.step(0.1);
            generic.forwardBackward(6, data.labels(), null, new Rng(3));
            for (int p = 0; p < velocity.length; p++) {
                Updates.sgd(generic.params().get(p), velocity[p], 0.1f, 0.9f, false, 0, 0, Blas.get());
            }
        }
        float[][] a = fused.exportState();
        float[][] b = generic.exportState();
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) {
                assertThat(a[t][i]).isCloseTo(b[t][i], offset(1e-5f));
            }
        }
        assertThat(a[0]).isNotEqualTo(new Network(spec, 6, Blas.get()).exportState()[0]);
    }

    @Test
    void adamFirstStepsMoveByTheLearningRate() {
        Param p = weight(0.5f, -0.5f, 0.2f, -3f);
        Optimizer adam = new Optimizer(OptimizerSpec.adam(0.01), 0, 0, 0, List.of(p), Blas.get());
        adam.step(0.01);
        // m̂ = g, v̂ = g², step = lr·g/(|g| + ε) ≈ lr·sign(g)
        assertThat(p.value.get(0)).isCloseTo(0.49f, offset(1e-6f));
        assertThat(p.value.get(1)).isCloseTo(-0.49f, offset(1e-6f));
        p.grad.copyFrom(new float[] {0.1f, -3f});
        adam.step(0.01);
        // m = 0.9·0.02 + 0.01 = ... computed in double below
        double m = 0.9 * (0.1 * 0.2) + 0.1 * 0.1;
        double v = 0.999 * (0.001 * 0.04) + 0.001 * 0.01;
        double expected = 0.49 - 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertThat((double) p.value.get(0)).isCloseTo(expected, offset(1e-6));
    }

    @Test
    void adamWDecaysWeightsDecoupledButNotBiases() {
        Param w = weight(2f, 2f, 0f, 0f);
        Param b = new Param(1, 1, false);
        b.value.copyFrom(new float[] {2f});
        Optimizer adamw = new Optimizer(OptimizerSpec.adamw(0.1, 0.5), 0, 0, 0, List.of(w, b), Blas.get());
        adamw.step(0.1);
        // zero gradient: only the decay w·(1 − lr·wd) = 2·0.95
        assertThat(w.value.get(0)).isCloseTo(1.9f, offset(TOL));
        assertThat(b.value.get(0)).isEqualTo(2f);
    }

    @Test
    void maxNormProjectsLongRowsOntoTheBallAndLeavesShortRowsUntouched() {
        Matrix w = new Matrix(3, 4);
        w.copyFrom(new float[] {5, 5, 5, 5, 0.1f, 0.2f, 0.3f, 0.4f, 3, 0, 0, 4});
        Updates.maxNorm(w, 2.0, Blas.get());
        assertThat(Updates.rowNorm(w, 0)).isLessThanOrEqualTo(2.0 + 1e-9).isGreaterThan(1.9999);
        assertThat(new float[] {w.get(4), w.get(5), w.get(6), w.get(7)}).containsExactly(0.1f, 0.2f, 0.3f, 0.4f);
        assertThat(Updates.rowNorm(w, 2)).isLessThanOrEqualTo(2.0 + 1e-9);
        assertThat(w.get(8) / w.get(11)).isCloseTo(0.75f, offset(1e-6f)); // direction kept
    }

    @Test
    void maxNormHoldsForEveryUnitAfterTraining() {
        NetworkSpec net =
                Fixtures.classifier(6, 3, 0.2, DropoutScaling.INVERTED, new LayerSpec(16, Activation.RELU, 0.5, false));
        TrainingSpec spec = Fixtures.withRegularization(
                Fixtures.training(5, 16, OptimizerSpec.sgd(0.5, 0.9, false), 0, 1), 0, 0, 0.5);
        Model model = new Trainer(net, spec)
                .fit(Fixtures.blobs(120, 6, 3, 0.5, 2), TrainingListener.NONE, () -> false)
                .model();
        for (int t : new int[] {0, 2}) {
            float[] w = model.state[t];
            int in = t == 0 ? 6 : 16;
            for (int r = 0; r < w.length / in; r++) {
                double sum = 0;
                for (int j = 0; j < in; j++) {
                    sum += (double) w[r * in + j] * w[r * in + j];
                }
                assertThat(Math.sqrt(sum)).isLessThanOrEqualTo(0.5 + 1e-9);
            }
        }
    }

    @Test
    void learningRateSchedules() {
        LearningRateSchedule step = new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 2, 0.5, 0);
        assertThat(LearningRates.at(step, 0.1, 0, 10)).isEqualTo(0.1);
        assertThat(LearningRates.at(step, 0.1, 3, 10)).isCloseTo(0.05, offset(1e-15));
        assertThat(LearningRates.at(step, 0.1, 4, 10)).isCloseTo(0.025, offset(1e-15));
        LearningRateSchedule cosine = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1, 1, 0.01);
        assertThat(LearningRates.at(cosine, 0.1, 0, 11)).isCloseTo(0.1, offset(1e-15));
        assertThat(LearningRates.at(cosine, 0.1, 5, 11)).isCloseTo(0.055, offset(1e-15));
        assertThat(LearningRates.at(cosine, 0.1, 10, 11)).isCloseTo(0.01, offset(1e-15));
        assertThat(LearningRates.at(LearningRateSchedule.constant(), 0.1, 7, 11))
                .isEqualTo(0.1);
    }

    /** Like PyTorch's CosineAnnealingLR with {@code T_max = epochs - 1}: a refit shorter than its trials keeps theirs. */
    @Test
    void aCosineScheduleWithItsOwnLengthAnnealsOverItAndThenStaysAtTheMinimum() {
        LearningRateSchedule spanning = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1, 1, 0.01);
        LearningRateSchedule own = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1, 1, 0.01, 11);
        for (int e = 0; e < 11; e++) {
            // a training of 3 or of 40 epochs has the rates of the 11-epoch schedule, bit for bit
            assertThat(LearningRates.at(own, 0.1, e, 40)).isEqualTo(LearningRates.at(spanning, 0.1, e, 11));
            if (e < 3) {
                assertThat(LearningRates.at(own, 0.1, e, 3)).isEqualTo(LearningRates.at(spanning, 0.1, e, 11));
            }
        }
        assertThat(LearningRates.at(own, 0.1, 5, 3)).isCloseTo(0.055, offset(1e-15));
        assertThat(LearningRates.at(own, 0.1, 10, 40)).isCloseTo(0.01, offset(1e-15));
        for (int e : new int[] {11, 12, 39}) {
            assertThat(LearningRates.at(own, 0.1, e, 40)).isEqualTo(LearningRates.at(own, 0.1, 10, 40));
        }
        // today's 3-epoch schedule anneals within the 3 epochs
        assertThat(LearningRates.at(spanning, 0.1, 2, 3)).isCloseTo(0.01, offset(1e-15));
        // a one-epoch schedule: its epoch at the full rate (as a one-epoch training always had), then the minimum
        LearningRateSchedule one = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1, 1, 0.01, 1);
        assertThat(LearningRates.at(one, 0.1, 0, 5)).isEqualTo(0.1);
        assertThat(LearningRates.at(one, 0.1, 1, 5)).isEqualTo(0.01);
        assertThat(LearningRates.at(spanning, 0.1, 0, 1)).isEqualTo(0.1);
        // constant and step ignore the length
        LearningRateSchedule step = new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 2, 0.5, 0, 3);
        assertThat(LearningRates.at(step, 0.1, 4, 10)).isCloseTo(0.025, offset(1e-15));
        assertThat(LearningRates.at(
                        new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 1, 1, 0, 2), 0.1, 7, 11))
                .isEqualTo(0.1);
    }
}
