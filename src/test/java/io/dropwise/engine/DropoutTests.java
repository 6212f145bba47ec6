package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dropout statistics with fixed seeds and 5σ bounds: the share of zeros is p, inverted masks hold 0 or 1/q and
 * keep the mean, weight-scaling masks hold 0 or 1, each step draws a fresh mask, backward reuses the forward's
 * mask, and p = 0 is an exact identity that draws nothing.
 */
class DropoutTests {

    private static final int N = 100_000;

    @ParameterizedTest(name = "keep {0}")
    @ValueSource(doubles = {0.2, 0.5, 0.8, 0.95})
    void zeroFractionIsWithinFiveSigmaOfTheDropProbability(double keep) {
        double drop = 1 - keep;
        Matrix out = forwardOnOnes(drop, DropoutScaling.INVERTED, 1);
        int zeros = 0;
        for (int i = 0; i < N; i++) {
            zeros += out.get(i) == 0f ? 1 : 0;
        }
        double sigma = Math.sqrt(keep * (1 - keep) / N);
        assertThat((double) zeros / N).isCloseTo(drop, org.assertj.core.data.Offset.offset(5 * sigma));
    }

    @ParameterizedTest(name = "keep {0}")
    @ValueSource(doubles = {0.2, 0.5, 0.8, 0.95})
    void invertedOutputsAreExactlyZeroOrOneOverKeepAndPreserveTheMean(double keep) {
        Matrix out = forwardOnOnes(1 - keep, DropoutScaling.INVERTED, 2);
        // 1 over the keep probability of the 16-bit draws (DropoutQuantizationTests), within 2^-17 of 1/keep
        float kept = (float) (1.0 / Dropout.keepProbability(1 - keep));
        assertThat((double) kept).isCloseTo(1.0 / keep, org.assertj.core.data.Offset.offset(1e-4 / keep));
        double sum = 0;
        for (int i = 0; i < N; i++) {
            assertThat(out.get(i)).isIn(0f, kept);
            sum += out.get(i);
        }
        double sigma = Math.sqrt((1 - keep) / (N * keep));
        assertThat(sum / N).isCloseTo(1.0, org.assertj.core.data.Offset.offset(5 * sigma));
    }

    @Test
    void weightScalingTrainsWithUnscaledZeroOneMasks() {
        Matrix out = forwardOnOnes(0.5, DropoutScaling.WEIGHT_SCALING, 3);
        for (int i = 0; i < N; i++) {
            assertThat(out.get(i)).isIn(0f, 1f);
        }
    }

    @Test
    void forwardLeavesTheInputUntouchedAndConsecutiveMasksDiffer() {
        Dropout dropout = new Dropout(0.5, DropoutScaling.INVERTED, 1, N);
        Matrix ones = ones();
        Rng rng = new Rng(4);
        float[] first = dropout.forward(ones, 1, rng, Blas.get()).toArray();
        float[] second = dropout.forward(ones, 1, rng, Blas.get()).toArray();
        assertThat(ones.toArray()).containsOnly(1f);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void backwardMultipliesByTheForwardMask() {
        Dropout dropout = new Dropout(0.3, DropoutScaling.INVERTED, 10, 100);
        Matrix input = new Matrix(10, 100);
        Matrix upstream = new Matrix(10, 100);
        Rng values = new Rng(5);
        for (int i = 0; i < 1000; i++) {
            input.set(i, (float) values.nextGaussian());
            upstream.set(i, (float) values.nextGaussian());
        }
        float[] up = upstream.toArray();
        Matrix out = dropout.forward(input, 10, new Rng(6), Blas.get());
        dropout.backward(upstream, 10, Blas.get());
        for (int i = 0; i < 1000; i++) {
            float m = dropout.maskValue(i);
            assertThat(upstream.get(i)).isEqualTo(up[i] * m);
            assertThat(out.get(i)).isEqualTo(input.get(i) * m);
        }
    }

    @Test
    void zeroDropProbabilityBuildsNoLayerAndDrawsNoRandomNumbers() {
        NetworkSpec spec =
                Fixtures.classifier(3, 2, 0, DropoutScaling.INVERTED, new LayerSpec(4, Activation.RELU, 0, false));
        Network net = new Network(spec, 2, Blas.get());
        net.initialize(new Rng(1));
        Rng rng = new Rng(42);
        net.forwardBackward(2, new int[] {0, 1}, null, rng);
        assertThat(rng.state()).isEqualTo(new Rng(42).state());
    }

    @Test
    void aMaskBlockThatDoesNotStartAtAMultipleOfFourIsCaught() {
        Blas misaligned = new Blas() {
            @Override
            public void sgemm(
                    boolean transA,
                    boolean transB,
                    int m,
                    int n,
                    int k,
                    float alpha,
                    java.nio.FloatBuffer a,
                    int lda,
                    java.nio.FloatBuffer b,
                    int ldb,
                    float beta,
                    java.nio.FloatBuffer c,
                    int ldc) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void sgemv(
                    boolean transA,
                    int m,
                    int n,
                    float alpha,
                    java.nio.FloatBuffer a,
                    int lda,
                    java.nio.FloatBuffer x,
                    float beta,
                    java.nio.FloatBuffer y) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void saxpy(int n, float alpha, java.nio.FloatBuffer x, java.nio.FloatBuffer y) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void forEachBlock(int n, Range body) {
                body.run(0, 6); // values 6 and 7 would reuse the draws of values 4 and 5
                body.run(6, n);
            }

            @Override
            public String name() {
                return "misaligned";
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        Dropout.drawMask(new Matrix(1, 16), 16, Dropout.threshold(0.5), 2f, new Rng(1), misaligned))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("starts at 6");
    }

    private static Matrix forwardOnOnes(double drop, DropoutScaling scaling, long seed) {
        Dropout dropout = new Dropout(drop, scaling, 1, N);
        return dropout.forward(ones(), 1, new Rng(seed), Blas.get());
    }

    private static Matrix ones() {
        Matrix m = new Matrix(1, N);
        m.fill(1f);
        return m;
    }
}
