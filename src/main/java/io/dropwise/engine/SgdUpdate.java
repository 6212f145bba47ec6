package io.dropwise.engine;

/**
 * The SGD update of one parameter fused with the max-norm projection of its rows, in one pass: each row (a unit's
 * incoming weights) is copied into per-thread scratch arrays, updated by a loop specialized for the spec (momentum or
 * Nesterov, with or without L2, the general one for L1: without the branches and the {@code 0·sign(w)} term of the
 * general loop, which cost most of its time), its norm estimated while it is in cache, written back, and projected if
 * it left the ball. (Measured on JDK 17: the specialized loop is about as fast over the {@code FloatBuffer} as over
 * the arrays; the arrays are what the estimate reads.)
 *
 * <p>The arithmetic is that of the two separate passes it replaces, value for value, so the bits are too: every
 * specialized loop computes the general formula's operations in the same order (for L1 = 0, {@code l2·w + 0·sign(w)}
 * is {@code l2·w} bit for bit, zeros' signs included). The norm that decides a projection is the sequential double
 * sum of {@link Updates#rowNorm}; the pass only estimates it first with eight partial sums (any order of summing n
 * non-negative terms is within {@code n·2⁻⁵³} of the exact sum), and a row whose estimate is more than
 * {@link #MARGIN} below c² is inside the ball for the exact sum too. Only rows near or outside the ball pay for
 * the exact sum and the projection ({@link Updates#projectRow}). Rows are split into blocks as in {@link Blas#forEachBlock},
 * whole rows per block, so the result does not depend on the thread count.
 */
final class SgdUpdate {

    /** Values of a row updated at a time: a row of up to 1,024 weights is one chunk (3 × 4 KB of scratch). */
    static final int CHUNK = 1024;

    /**
     * How far below c² an estimated squared norm must be to skip the exact one: far more than the estimate's error
     * ({@code n·2⁻⁵³} relative, below 1e-7 for any row a matrix can hold).
     */
    static final double MARGIN = 1e-6;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][CHUNK]);

    private SgdUpdate() {}

    /**
     * {@code v = μv + g'} and {@code w -= lr·v} (Nesterov: {@code w -= lr·(g' + μv)}), where {@code g' = g + l2·w +
     * l1·sign(w)} for a weight and g otherwise; then, for a weight when {@code maxNorm > 0}, each row whose L2 norm
     * exceeds maxNorm is projected back onto the ball.
     */
    static void apply(
            Param p,
            Matrix velocity,
            float lr,
            float momentum,
            boolean nesterov,
            float l1,
            float l2,
            double maxNorm,
            Blas blas) {
        Loop loop = new Loop(
                p.value,
                p.grad,
                velocity,
                lr,
                momentum,
                nesterov,
                p.isWeight ? l1 : 0f,
                p.isWeight ? l2 : 0f,
                p.isWeight && (l1 != 0f || l2 != 0f));
        Matrix w = p.value;
        if (!p.isWeight || maxNorm <= 0) {
            blas.forEachBlock(w.size(), (from, to) -> loop.update(from, to, false, SCRATCH.get()));
            return;
        }
        double limit = maxNorm * maxNorm * (1 - MARGIN);
        blas.forEachBlock(w.size(), (from, to) -> {
            float[][] scratch = SCRATCH.get();
            for (int r = Updates.firstRow(w, from), end = Updates.endRow(w, to); r < end; r++) {
                if (loop.update(r * w.cols, (r + 1) * w.cols, true, scratch) >= limit) {
                    Updates.projectRow(w, r, maxNorm);
                }
            }
        });
    }

    /** The same estimate for a row of w as the update computes: the sum of its squares, in no fixed order. */
    static double squaredNormEstimate(Matrix w, int r, float[] scratch) {
        double sum = 0;
        for (int i = r * w.cols, end = i + w.cols; i < end; i += CHUNK) {
            int n = Math.min(CHUNK, end - i);
            w.data.get(i, scratch, 0, n);
            sum += sumOfSquares(scratch, n);
        }
        return sum;
    }

    /** Scratch of the calling thread, for {@link #squaredNormEstimate}. */
    static float[] scratch() {
        return SCRATCH.get()[0];
    }

    /** Eight independent partial sums, so that the additions do not wait for each other. */
    static double sumOfSquares(float[] x, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            double a0 = x[j], a1 = x[j + 1], a2 = x[j + 2], a3 = x[j + 3];
            double a4 = x[j + 4], a5 = x[j + 5], a6 = x[j + 6], a7 = x[j + 7];
            s0 += a0 * a0;
            s1 += a1 * a1;
            s2 += a2 * a2;
            s3 += a3 * a3;
            s4 += a4 * a4;
            s5 += a5 * a5;
            s6 += a6 * a6;
            s7 += a7 * a7;
        }
        for (; j < n; j++) {
            double a = x[j];
            s0 += a * a;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** One parameter's update, with the penalties already zeroed for a parameter that is not a weight. */
    private record Loop(
            Matrix w, Matrix g, Matrix v, float lr, float mu, boolean nesterov, float l1, float l2, boolean penalized) {

        /**
         * Updates values [from, to) chunk by chunk through the scratch arrays; returns the estimated sum of squares
         * of the new values when {@code squares}, else 0.
         */
        double update(int from, int to, boolean squares, float[][] scratch) {
            float[] ws = scratch[0];
            float[] gs = scratch[1];
            float[] vs = scratch[2];
            double sum = 0;
            for (int i = from; i < to; i += CHUNK) {
                int n = Math.min(CHUNK, to - i);
                w.data.get(i, ws, 0, n);
                g.data.get(i, gs, 0, n);
                v.data.get(i, vs, 0, n);
                if (penalized && Float.floatToRawIntBits(l1) != 0) { // L1 other than +0: sign(w) counts
                    generalLoop(ws, gs, vs, n, lr, mu, nesterov, l1, l2);
                } else if (penalized) {
                    if (nesterov) {
                        nesterovL2Loop(ws, gs, vs, n, lr, mu, l2);
                    } else {
                        momentumL2Loop(ws, gs, vs, n, lr, mu, l2);
                    }
                } else if (nesterov) {
                    nesterovLoop(ws, gs, vs, n, lr, mu);
                } else {
                    momentumLoop(ws, gs, vs, n, lr, mu);
                }
                w.data.put(i, ws, 0, n);
                v.data.put(i, vs, 0, n);
                if (squares) {
                    sum += sumOfSquares(ws, n);
                }
            }
            return sum;
        }
    }

    private static void momentumLoop(float[] w, float[] g, float[] v, int n, float lr, float mu) {
        for (int j = 0; j < n; j++) {
            float vj = mu * v[j] + g[j];
            v[j] = vj;
            w[j] = w[j] - lr * vj;
        }
    }

    private static void nesterovLoop(float[] w, float[] g, float[] v, int n, float lr, float mu) {
        for (int j = 0; j < n; j++) {
            float gj = g[j];
            float vj = mu * v[j] + gj;
            v[j] = vj;
            w[j] = w[j] - lr * (gj + mu * vj);
        }
    }

    private static void momentumL2Loop(float[] w, float[] g, float[] v, int n, float lr, float mu, float l2) {
        for (int j = 0; j < n; j++) {
            float wj = w[j];
            float gj = g[j] + l2 * wj;
            float vj = mu * v[j] + gj;
            v[j] = vj;
            w[j] = wj - lr * vj;
        }
    }

    private static void nesterovL2Loop(float[] w, float[] g, float[] v, int n, float lr, float mu, float l2) {
        for (int j = 0; j < n; j++) {
            float wj = w[j];
            float gj = g[j] + l2 * wj;
            float vj = mu * v[j] + gj;
            v[j] = vj;
            w[j] = wj - lr * (gj + mu * vj);
        }
    }

    private static void generalLoop(
            float[] w, float[] g, float[] v, int n, float lr, float mu, boolean nesterov, float l1, float l2) {
        for (int j = 0; j < n; j++) {
            float wj = w[j];
            float gj = g[j] + (l2 * wj + l1 * Math.signum(wj));
            float vj = mu * v[j] + gj;
            v[j] = vj;
            w[j] = wj - lr * (nesterov ? gj + mu * vj : vj);
        }
    }
}
