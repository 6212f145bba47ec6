package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTests {

    private static final Dataset BLOBS = Fixtures.blobs(200, 5, 3, 0.8, 21);

    private static Model train(NetworkSpec net, long seed) {
        TrainingSpec spec = Fixtures.training(3, 16, OptimizerSpec.sgd(0.05, 0.9, false), 0.2, seed);
        return new Trainer(net, spec)
                .fit(BLOBS, TrainingListener.NONE, () -> false)
                .model();
    }

    private static NetworkSpec reluNet(boolean batchNorm, double drop) {
        return Fixtures.classifier(
                5,
                3,
                drop,
                DropoutScaling.INVERTED,
                new LayerSpec(16, Activation.RELU, drop, batchNorm),
                new LayerSpec(8, Activation.RELU, drop, false));
    }

    private static float[][] rows(int n) {
        float[][] rows = new float[n][5];
        for (int r = 0; r < n; r++) {
            System.arraycopy(BLOBS.x(), r * 5, rows[r], 0, 5);
        }
        return rows;
    }

    @Test
    void inferenceIsDeterministicAndGivesProbabilities() {
        Model model = train(reluNet(true, 0.5), 1);
        float[][] first = model.predict(rows(150));
        for (int i = 0; i < 5; i++) {
            assertThat(model.predict(rows(150))).isDeepEqualTo(first);
        }
        for (float[] p : first) {
            double sum = 0;
            for (float v : p) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void codecRoundTripPredictsBitIdentically() {
        Model model = train(reluNet(true, 0.3), 2);
        Model decoded = ModelCodec.decode(ModelCodec.encode(model));
        assertThat(decoded.spec()).isEqualTo(model.spec());
        assertThat(decoded.predict(rows(40))).isDeepEqualTo(model.predict(rows(40)));
        assertThat(decoded.predictMonteCarlo(rows(5), 10, 3).mean())
                .isDeepEqualTo(model.predictMonteCarlo(rows(5), 10, 3).mean());
    }

    @Test
    void monteCarloIsSeedReproducibleWithPositiveStdForReluAndZeroWithoutDropout() {
        Model model = train(reluNet(true, 0.5), 3);
        McPrediction a = model.predictMonteCarlo(rows(10), 30, 5);
        McPrediction b = model.predictMonteCarlo(rows(10), 30, 5);
        McPrediction c = model.predictMonteCarlo(rows(10), 30, 6);
        assertThat(a.mean()).isDeepEqualTo(b.mean());
        assertThat(a.std()).isDeepEqualTo(b.std());
        assertThat(a.mean()).isNotEqualTo(c.mean());
        assertThat(Arrays.stream(a.std())
                        .flatMap(r -> List.of(r).stream())
                        .mapToDouble(r -> r[0])
                        .max()
                        .orElseThrow())
                .isPositive();

        Model plain = train(reluNet(true, 0), 4);
        McPrediction none = plain.predictMonteCarlo(rows(10), 5, 5);
        for (float[] std : none.std()) {
            for (float s : std) {
                assertThat(s).isEqualTo(0f);
            }
        }
        assertThat(none.mean()).isDeepEqualTo(plain.predict(rows(10)));
    }

    @Test
    void concurrentPredictionsMatchSequentialOnes() throws Exception {
        Model model = train(reluNet(true, 0.5), 6);
        float[][] many = rows(100);
        float[][] expected = model.predict(many);
        float[][] expectedOne = new float[100][];
        for (int r = 0; r < 100; r++) {
            expectedOne[r] = model.predict(new float[][] {many[r]})[0]; // one row takes sgemv: other rounding
        }
        assertEveryThreadAgrees(8, () -> {
            boolean same = true;
            for (int i = 0; i < 200; i++) {
                int r = i % 100;
                same &= Arrays.equals(model.predict(new float[][] {many[r]})[0], expectedOne[r]);
                same &= i % 50 != 0 || Arrays.deepEquals(model.predict(many), expected);
            }
            return same;
        });
    }

    /**
     * A model wide enough for its products to be split over the shared inference team: threads that find the team
     * busy compute their blocks alone, and every answer (single rows, batches, Monte-Carlo) keeps its bits; so do the
     * predictions a caller asks to run on its own thread ({@link Model#predictAlone}, as a batch's chunks do).
     */
    @Test
    void concurrentPredictionsOfASplitModelMatchSequentialOnes() throws Exception {
        int inputs = 600;
        NetworkSpec spec = Fixtures.classifier(
                inputs, 10, 0.2, DropoutScaling.INVERTED, new LayerSpec(512, Activation.RELU, 0.5, false));
        Network net = new Network(spec, 1, Blas.get());
        net.initialize(new Rng(4));
        float[] ones = new float[inputs];
        Arrays.fill(ones, 1f);
        Model model = new Model(spec, new FeatureScaler(new float[inputs], ones, 0, 1), net.exportState());
        float[][] batch = new float[64][];
        for (int r = 0; r < batch.length; r++) {
            batch[r] = Fixtures.gaussian(inputs, 100 + r).toArray();
        }
        float[] one = model.predict(new float[][] {batch[0]})[0];
        float[][] all = model.predict(batch);
        float[][] mc = model.predictMonteCarlo(batch, 3, 9).std();
        assertThat(ParallelBlas.maxBlocks(new int[] {batch.length, 512, inputs}))
                .isGreaterThan(1);
        assertThat(model.predictAlone(batch)).isDeepEqualTo(all);
        assertThat(model.predictMonteCarloAlone(batch, 3, 9).std()).isDeepEqualTo(mc);
        assertEveryThreadAgrees(6, () -> {
            boolean same = true;
            for (int i = 0; i < 60; i++) {
                same &= Arrays.equals(model.predict(new float[][] {batch[0]})[0], one);
                same &= i % 10 != 0 || Arrays.deepEquals(model.predict(batch), all);
                same &= i % 10 != 5 || Arrays.deepEquals(model.predictAlone(batch), all);
                same &= i % 20 != 0
                        || Arrays.deepEquals(
                                model.predictMonteCarlo(batch, 3, 9).std(), mc);
                same &= i % 20 != 10
                        || Arrays.deepEquals(
                                model.predictMonteCarloAlone(batch, 3, 9).std(), mc);
            }
            return same;
        });
    }

    /** Runs {@code check} on {@code threads} threads at once; each must return true. */
    private static void assertEveryThreadAgrees(int threads, java.util.concurrent.Callable<Boolean> check)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(check));
            }
            for (var result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        Model model = train(reluNet(false, 0), 5);
        assertThatThrownBy(() -> model.predict(new float[][] {new float[4]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expects 5 features");
    }
}
