package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused SGD + max-norm pass ({@link SgdUpdate}) against the two separate passes it replaced, written here over
 * plain arrays as the reference: the same bits (zeros' signs included) for every combination of momentum, Nesterov,
 * L1, L2, weight or not, max-norm on or off, rows shorter and longer than a chunk, and any thread count.
 */
class SgdUpdateTests {

    private static final int[][] SHAPES = {{7, 5}, {70, 784}, {12, 2500}, {1, 3000}};

    @Test
    void matchesTheSeparateUpdateAndProjectionBitForBit() {
        int projected = 0;
        int untouched = 0;
        try (ParallelBlas three = new ParallelBlas(Blas.get(), 3)) {
            for (int[] shape : SHAPES) {
                for (boolean nesterov : new boolean[] {false, true}) {
                    for (float[] penalty : new float[][] {{0, 0}, {0, 1e-4f}, {1e-3f, 1e-4f}, {1e-3f, 0}}) {
                        for (boolean isWeight : new boolean[] {true, false}) {
                            for (double maxNorm : new double[] {0, 1.0}) {
                                Case c = new Case(shape[0], shape[1], nesterov, penalty[0], penalty[1], isWeight);
                                int[] counts = c.check(maxNorm, Blas.get(), three);
                                projected += counts[0];
                                untouched += counts[1];
                            }
                        }
                    }
                }
            }
        }
        // both branches of the projection were taken, many times
        assertThat(projected).isGreaterThan(100);
        assertThat(untouched).isGreaterThan(100);
    }

    @Test
    void rowsWithinAFewUlpsOfTheBallMatchTheReference() {
        double c = 2.0;
        Param p = new Param(4, 784, true);
        float[] w = new float[4 * 784];
        double[] targets = {c * (1 - 1e-9), c * (1 - 1e-12), c * (1 + 1e-9), c * (1 - 2e-6)};
        Random random = new Random(4);
        for (int r = 0; r < 4; r++) {
            double sum = 0;
            for (int j = 0; j < 784; j++) {
                w[r * 784 + j] = (float) random.nextGaussian();
                sum += (double) w[r * 784 + j] * w[r * 784 + j];
            }
            double scale = targets[r] / Math.sqrt(sum);
            for (int j = 0; j < 784; j++) {
                w[r * 784 + j] = (float) (w[r * 784 + j] * scale);
            }
        }
        p.value.copyFrom(w);
        float[] expected = w.clone();
        reference(expected, new float[w.length], new float[w.length], 4, 784, 0.1f, 0.9f, true, 0, 0, true, c);
        SgdUpdate.apply(p, new Matrix(4, 784), 0.1f, 0.9f, true, 0, 0, c, Blas.get());
        assertThat(bits(p.value.toArray())).isEqualTo(bits(expected));
        for (int r = 0; r < 4; r++) {
            assertThat(Updates.rowNorm(p.value, r)).isLessThanOrEqualTo(c);
        }
    }

    /** One parameter's values, gradient and velocity, with zeros of both signs and tiny values among them. */
    private record Case(int rows, int cols, boolean nesterov, float l1, float l2, boolean isWeight) {

        /** Three steps fused (on one and on three threads) and by the reference; {projected rows, other rows}. */
        int[] check(double maxNorm, Blas one, Blas three) {
            int n = rows * cols;
            Random random = new Random(n * 31L + (nesterov ? 1 : 0));
            float[] w = new float[n];
            float[] g = new float[n];
            float[] v = new float[n];
            for (int r = 0; r < rows; r++) {
                // row scales from 0.5x to 2x a norm of 1, so max-norm 1 projects some rows and not others
                double rowScale = Math.exp((random.nextDouble() * 2 - 1) * Math.log(2)) / Math.sqrt(cols);
                for (int j = 0; j < cols; j++) {
                    w[r * cols + j] = (float) (random.nextGaussian() * rowScale);
                }
            }
            for (int i = 0; i < n; i++) {
                g[i] = (float) (random.nextGaussian() * 0.5);
                v[i] = (float) (random.nextGaussian() * 0.1);
                switch (random.nextInt(16)) {
                    case 0 -> w[i] = -0f;
                    case 1 -> w[i] = 0f;
                    case 2 -> g[i] = -0f;
                    case 3 -> v[i] = -0f;
                    case 4 -> w[i] = -Float.MIN_VALUE;
                    default -> {}
                }
            }
            float[] rw = w.clone();
            float[] rv = v.clone();
            int[] counts = new int[2];
            for (Blas blas : new Blas[] {one, three}) {
                Param p = new Param(rows, cols, isWeight);
                p.value.copyFrom(w);
                p.grad.copyFrom(g);
                Matrix velocity = new Matrix(rows, cols);
                velocity.copyFrom(v);
                for (int step = 0; step < 3; step++) {
                    SgdUpdate.apply(p, velocity, 0.05f, 0.9f, nesterov, l1, l2, maxNorm, blas);
                    if (blas == one) {
                        counts = add(
                                counts,
                                reference(rw, g, rv, rows, cols, 0.05f, 0.9f, nesterov, l1, l2, isWeight, maxNorm));
                    }
                }
                assertThat(bits(p.value.toArray())).as("weights of %s", this).isEqualTo(bits(rw));
                assertThat(bits(velocity.toArray())).as("velocity of %s", this).isEqualTo(bits(rv));
            }
            return counts;
        }

        private static int[] add(int[] a, int[] b) {
            return new int[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    /**
     * The update as it was written before the fused pass: element by element, then every row's sequential double
     * norm and the projection; returns {projected rows, other rows} (both 0 without max-norm).
     */
    private static int[] reference(
            float[] w,
            float[] g,
            float[] v,
            int rows,
            int cols,
            float lr,
            float momentum,
            boolean nesterov,
            float l1,
            float l2,
            boolean isWeight,
            double maxNorm) {
        boolean penalized = isWeight && (l1 != 0f || l2 != 0f);
        float pl1 = isWeight ? l1 : 0f;
        float pl2 = isWeight ? l2 : 0f;
        for (int i = 0; i < w.length; i++) {
            float wi = w[i];
            float gi = g[i];
            if (penalized) {
                gi += pl2 * wi + pl1 * Math.signum(wi);
            }
            float vi = momentum * v[i] + gi;
            v[i] = vi;
            float d = nesterov ? gi + momentum * vi : vi;
            w[i] = wi - lr * d;
        }
        int[] counts = new int[2];
        if (!isWeight || maxNorm <= 0) {
            return counts;
        }
        for (int r = 0; r < rows; r++) {
            double norm = norm(w, r, cols);
            double factor = maxNorm / norm;
            counts[norm > maxNorm ? 0 : 1]++;
            while (norm > maxNorm) {
                for (int j = 0; j < cols; j++) {
                    w[r * cols + j] = (float) (w[r * cols + j] * factor);
                }
                norm = norm(w, r, cols);
                factor = (1 - 1e-7) * maxNorm / norm;
            }
        }
        return counts;
    }

    private static double norm(float[] w, int r, int cols) {
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            double x = w[r * cols + j];
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
