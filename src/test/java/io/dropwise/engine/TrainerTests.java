package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTests {

    private static final NetworkSpec NET = Fixtures.classifier(
            6,
            3,
            0.2,
            DropoutScaling.INVERTED,
            new LayerSpec(16, Activation.RELU, 0.5, true),
            new LayerSpec(12, Activation.TANH, 0.3, false));
    private static final Dataset BLOBS = Fixtures.blobs(300, 6, 3, 0.6, 3);

    @Test
    void learnsSeparableBlobs() {
        TrainingSpec spec = Fixtures.training(15, 16, OptimizerSpec.sgd(0.05, 0.9, true), 0.2, 1);
        TrainingResult result = new Trainer(NET, spec).fit(BLOBS, TrainingListener.NONE, () -> false);

        assertThat(result.outcome()).isEqualTo(TrainingResult.Outcome.COMPLETED);
        assertThat(result.history()).hasSize(15);
        EpochMetrics last = result.history().get(14);
        assertThat(last.validationAccuracy()).isGreaterThan(0.9);
        assertThat(last.trainAccuracy()).isGreaterThan(0.9);
        assertThat(last.trainLoss()).isLessThan(result.history().get(0).trainLoss());
        assertThat(last.gap()).isEqualTo(last.validationLoss() - last.trainLoss());
        assertThat(last.samplesPerSecond()).isPositive();
        assertThat(result.model().predict(new float[][] {new float[6]})[0]).hasSize(3);
    }

    @Test
    void learnsARegression() {
        NetworkSpec net = Fixtures.regressor(3, 0, new LayerSpec(32, Activation.ELU, 0.1, false));
        TrainingSpec spec = Fixtures.training(40, 16, OptimizerSpec.adam(0.01), 0.2, 2);
        TrainingResult result =
                new Trainer(net, spec).fit(Fixtures.waves(400, 3, 4), TrainingListener.NONE, () -> false);

        EpochMetrics last = result.history().get(result.history().size() - 1);
        assertThat(last.validationRmse()).isLessThan(1.0); // predicting the mean gives ≈ 2.9
        assertThat(last.validationAccuracy()).isNaN();
        assertThat(result.model().predict(new float[][] {{0, 0, 0}})[0][0]).isBetween(9f, 11f);
    }

    @Test
    void sameSeedGivesBitIdenticalRunsAndAnotherSeedDoesNot() {
        TrainingSpec spec = Fixtures.training(3, 32, OptimizerSpec.sgd(0.05, 0.9, false), 0.2, 7);
        TrainingResult a = new Trainer(NET, spec).fit(BLOBS, TrainingListener.NONE, () -> false);
        TrainingResult b = new Trainer(NET, spec).fit(BLOBS, TrainingListener.NONE, () -> false);
        TrainingSpec other = Fixtures.training(3, 32, OptimizerSpec.sgd(0.05, 0.9, false), 0.2, 8);
        TrainingResult c = new Trainer(NET, other).fit(BLOBS, TrainingListener.NONE, () -> false);

        assertThat(a.model().state).isDeepEqualTo(b.model().state);
        assertThat(losses(a)).isEqualTo(losses(b));
        assertThat(losses(a)).isNotEqualTo(losses(c));
    }

    /**
     * Products are cut into blocks that do not depend on the thread count, so 1, 2 and 3 threads train the same bits
     * (OpenBLAS's own threading would not: on Zen its products change in the last bits with its thread count). The
     * network is wide enough for every product of a step, saxpy included, to be split.
     */
    @Test
    void theThreadCountDoesNotChangeTheModel() {
        Dataset data = Fixtures.blobs(512, 300, 10, 1, 3);
        NetworkSpec net = Fixtures.classifier(
                300,
                10,
                0.2,
                DropoutScaling.INVERTED,
                new LayerSpec(512, Activation.RELU, 0.5, false),
                new LayerSpec(256, Activation.RELU, 0.5, false));
        float[][][] states = new float[3][][];
        for (int threads = 1; threads <= 3; threads++) {
            TrainingSpec t = Fixtures.training(2, 128, OptimizerSpec.sgd(0.01, 0.9, false), 0.2, 1);
            t = new TrainingSpec(
                    t.epochs(),
                    t.batchSize(),
                    t.optimizer(),
                    0,
                    0,
                    0,
                    t.schedule(),
                    t.validationFraction(),
                    t.earlyStopping(),
                    t.featureScaling(),
                    1,
                    0,
                    threads);
            states[threads - 1] = new Trainer(net, t)
                    .fit(data, TrainingListener.NONE, () -> false)
                    .model()
                    .state;
        }
        assertThat(states[1]).isDeepEqualTo(states[0]);
        assertThat(states[2]).isDeepEqualTo(states[0]);
        // no cap (0) and a share that changes at every batch, as a service re-balancing cores between jobs does
        TrainingSpec t = Fixtures.training(2, 128, OptimizerSpec.sgd(0.01, 0.9, false), 0.2, 1);
        TrainingSpec uncapped = new TrainingSpec(
                t.epochs(),
                t.batchSize(),
                t.optimizer(),
                0,
                0,
                0,
                t.schedule(),
                t.validationFraction(),
                t.earlyStopping(),
                t.featureScaling(),
                1,
                0,
                0);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        float[][] varying = new Trainer(net, uncapped)
                .fit(data, TrainingListener.NONE, () -> false, () -> 1 + asked.getAndIncrement() % 3)
                .model()
                .state;
        assertThat(asked.get()).as("asked before every batch").isGreaterThanOrEqualTo(6);
        assertThat(varying).isDeepEqualTo(states[0]);
    }

    @ParameterizedTest
    @EnumSource(OptimizerSpec.Type.class)
    void resumeAtAnEpochBoundaryIsBitIdentical(OptimizerSpec.Type type) {
        TrainingSpec spec = everyEpoch(Fixtures.training(4, 32, optimizer(type), 0.2, 9));
        TrainingResult straight = new Trainer(NET, spec).fit(BLOBS, TrainingListener.NONE, () -> false);

        List<Checkpoint> checkpoints = new ArrayList<>();
        new Trainer(NET, spec).fit(BLOBS, collect(checkpoints), () -> false);
        Checkpoint afterTwo = CheckpointCodec.decode(CheckpointCodec.encode(checkpoints.get(1)));
        assertThat(afterTwo.epoch()).isEqualTo(2);
        assertThat(afterTwo.batch()).isZero();
        assertThat(afterTwo.withinEpoch()).isFalse();
        TrainingResult resumed = Trainer.resume(afterTwo, BLOBS, TrainingListener.NONE, () -> false);

        assertThat(resumed.model().state).isDeepEqualTo(straight.model().state);
        assertThat(losses(resumed)).isEqualTo(losses(straight).subList(2, 4));
    }

    @Test
    void skippedPeriodicCheckpointsChangeNothingAndAResumeFromAnOlderOneIsBitIdentical() {
        TrainingSpec spec = everyEpoch(Fixtures.training(5, 32, optimizer(OptimizerSpec.Type.SGD), 0.2, 9));
        TrainingResult straight = new Trainer(NET, spec).fit(BLOBS, TrainingListener.NONE, () -> false);

        List<Integer> asked = new ArrayList<>();
        List<Integer> without = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        TrainingListener onlyEpochTwo = new TrainingListener() {
            @Override
            public boolean checkpointDue(int epoch) {
                asked.add(epoch);
                return epoch == 2;
            }

            @Override
            public void onEpochWithoutCheckpoint(int epoch) {
                without.add(epoch);
            }

            @Override
            public void onCheckpoint(Checkpoint checkpoint) {
                checkpoints.add(checkpoint);
            }
        };
        TrainingResult skipping = new Trainer(NET, spec).fit(BLOBS, onlyEpochTwo, () -> false);

        assertThat(asked)
                .as("asked after every periodic epoch, not after the last")
                .containsExactly(1, 2, 3, 4);
        assertThat(checkpoints).extracting(Checkpoint::epoch).containsExactly(2, 5);
        assertThat(without).as("told of every epoch no checkpoint followed").containsExactly(1, 3, 4);
        assertThat(skipping.model().state).isDeepEqualTo(straight.model().state);
        Checkpoint older = CheckpointCodec.decode(CheckpointCodec.encode(checkpoints.get(0)));
        TrainingResult resumed = Trainer.resume(older, BLOBS, TrainingListener.NONE, () -> false);
        assertThat(resumed.model().state).isDeepEqualTo(straight.model().state);
        assertThat(losses(resumed)).isEqualTo(losses(straight).subList(2, 5));
    }

    @ParameterizedTest
    @EnumSource(OptimizerSpec.Type.class)
    void resumeMidEpochAfterAStopIsBitIdentical(OptimizerSpec.Type type) {
        resumeAfterStopIsBitIdentical(type, 11); // 8 batches per epoch: stops at epoch 1, batch 3
    }

    @Test
    void resumeAfterAStopAtTheStartOfAnEpochIsBitIdentical() {
        resumeAfterStopIsBitIdentical(OptimizerSpec.Type.SGD, 8); // the epoch's order is drawn, no batch run yet
    }

    private void resumeAfterStopIsBitIdentical(OptimizerSpec.Type type, int batchesBeforeStop) {
        TrainingSpec spec = Fixtures.training(3, 32, optimizer(type), 0.2, 10);
        TrainingResult straight = new Trainer(NET, spec).fit(BLOBS, TrainingListener.NONE, () -> false);

        List<Checkpoint> checkpoints = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        TrainingResult stopped = new Trainer(NET, spec)
                .fit(BLOBS, collect(checkpoints), () -> polls.incrementAndGet() > batchesBeforeStop);
        assertThat(stopped.outcome()).isEqualTo(TrainingResult.Outcome.STOPPED);
        Checkpoint mid = CheckpointCodec.decode(CheckpointCodec.encode(checkpoints.get(checkpoints.size() - 1)));
        assertThat(mid.epoch()).isEqualTo(1);
        assertThat(mid.batch()).isEqualTo(batchesBeforeStop - 8);
        assertThat(mid.withinEpoch())
                .as("a stop checkpoint is taken inside an epoch")
                .isTrue();
        TrainingResult resumed = Trainer.resume(mid, BLOBS, TrainingListener.NONE, () -> false);

        assertThat(resumed.model().state).isDeepEqualTo(straight.model().state);
        assertThat(losses(resumed)).isEqualTo(losses(straight).subList(1, 3));
    }

    @Test
    void stopBeforeTheFirstEpochEndsGivesNoModelButACheckpoint() {
        List<Checkpoint> checkpoints = new ArrayList<>();
        TrainingResult result = new Trainer(NET, Fixtures.training(2, 32, optimizer(OptimizerSpec.Type.SGD), 0.2, 1))
                .fit(BLOBS, collect(checkpoints), () -> true);
        assertThat(result.outcome()).isEqualTo(TrainingResult.Outcome.STOPPED);
        assertThat(result.model()).isNull();
        assertThat(checkpoints).hasSize(1);
        assertThat(checkpoints.get(0).validationLoss()).isNaN();
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        NetworkSpec big =
                Fixtures.classifier(6, 3, 0, DropoutScaling.INVERTED, new LayerSpec(64, Activation.RELU, 0, false));
        TrainingSpec t =
                Fixtures.withEarlyStopping(Fixtures.training(200, 8, OptimizerSpec.sgd(0.2, 0.9, false), 0.3, 3), 3);
        TrainingSpec spec = new TrainingSpec(
                t.epochs(),
                t.batchSize(),
                t.optimizer(),
                0,
                0,
                0,
                t.schedule(),
                t.validationFraction(),
                t.earlyStopping(),
                t.featureScaling(),
                t.seed(),
                1,
                t.blasThreads());
        Dataset noisy = Fixtures.blobs(60, 6, 3, 2.5, 5);
        List<Checkpoint> checkpoints = new ArrayList<>();
        TrainingResult result = new Trainer(big, spec).fit(noisy, collect(checkpoints), () -> false);

        assertThat(result.outcome()).isEqualTo(TrainingResult.Outcome.EARLY_STOPPED);
        double bestLoss = result.history().stream()
                .mapToDouble(EpochMetrics::validationLoss)
                .min()
                .orElseThrow();
        assertThat(result.bestMetrics().validationLoss()).isEqualTo(bestLoss);
        assertThat(result.history()).hasSize(result.bestEpoch() + 3);
        // one checkpoint per epoch, the last one taken when the run stopped: epoch e's weights are at index e - 1
        assertThat(checkpoints).hasSize(result.history().size());
        float[][] bestEpochWeights = checkpoints.get(result.bestEpoch() - 1).weights;
        float[][] lastEpochWeights = checkpoints.get(checkpoints.size() - 1).weights;
        assertThat(result.model().state).isDeepEqualTo(bestEpochWeights);
        assertThat(result.model().state).isNotEqualTo(lastEpochWeights);
        assertThat(lastEpochWeights[0]).isNotEqualTo(bestEpochWeights[0]);
        Evaluation restored =
                Evaluation.of(result.model(), Blas.get(), scaledRows(result.model(), noisy), noisy, all(60));
        assertThat(restored.loss()).isFinite();
    }

    @Test
    void rejectsInvalidSpecsAndMismatchedData() {
        assertThatThrownBy(() -> new LayerSpec(4, Activation.RELU, 1.0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new LayerSpec(4, Activation.RELU, -0.1, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LayerSpec(4, Activation.RELU, Double.NaN, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fixtures.classifier(4, 2, 1.0, DropoutScaling.INVERTED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputDropProbability");
        TrainingSpec spec = Fixtures.training(1, 8, optimizer(OptimizerSpec.Type.SGD), 0.2, 1);
        assertThatThrownBy(() ->
                        new Trainer(NET, spec).fit(Fixtures.blobs(30, 5, 3, 1, 1), TrainingListener.NONE, () -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 features");
        float[] x = BLOBS.x().clone();
        x[13] = Float.NaN;
        Dataset withNaN = Dataset.classification(BLOBS.rows(), 6, x, BLOBS.labels(), 3);
        assertThatThrownBy(() -> new Trainer(NET, spec).fit(withNaN, TrainingListener.NONE, () -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 2, feature 1 is NaN");
    }

    @Test
    void divergenceFailsWithAnActionableMessage() {
        List<EpochMetrics> seen = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                seen.add(metrics);
            }
        };
        NetworkSpec plain =
                Fixtures.classifier(6, 3, 0, DropoutScaling.INVERTED, new LayerSpec(16, Activation.RELU, 0, false));
        TrainingSpec spec = Fixtures.training(5, 16, OptimizerSpec.sgd(1e30, 0.9, false), 0.2, 1);
        assertThatThrownBy(() -> new Trainer(plain, spec).fit(BLOBS, listener, () -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("diverged")
                .hasMessageContaining("lower the learning rate");
        assertThat(seen).isNotEmpty();
    }

    static OptimizerSpec optimizer(OptimizerSpec.Type type) {
        return switch (type) {
            case SGD -> OptimizerSpec.sgd(0.05, 0.9, true);
            case ADAM -> OptimizerSpec.adam(0.005);
            case ADAMW -> OptimizerSpec.adamw(0.005, 0.01);
        };
    }

    private static TrainingSpec everyEpoch(TrainingSpec t) {
        return new TrainingSpec(
                t.epochs(),
                t.batchSize(),
                t.optimizer(),
                1e-4,
                1e-3,
                3.0,
                t.schedule(),
                t.validationFraction(),
                t.earlyStopping(),
                t.featureScaling(),
                t.seed(),
                1,
                t.blasThreads());
    }

    static TrainingListener collect(List<Checkpoint> checkpoints) {
        return new TrainingListener() {
            @Override
            public void onCheckpoint(Checkpoint checkpoint) {
                checkpoints.add(checkpoint);
            }
        };
    }

    private static List<Double> losses(TrainingResult result) {
        return result.history().stream().map(EpochMetrics::trainLoss).toList();
    }

    private static float[] scaledRows(Model model, Dataset data) {
        return model.scaler.scaleAll(data.x(), data.rows());
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
