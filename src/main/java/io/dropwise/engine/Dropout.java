package io.dropwise.engine;

/**
 * Dropout with {@code dropProbability} = probability of <em>dropping</em> a unit. Training draws a fresh mask per
 * example (one Bernoulli draw per unit) and keeps it for the backward pass. The mask holds 0 for a dropped unit and
 * the kept value otherwise: {@code 1/(1-p)} with inverted scaling, 1 with weight scaling (the next layer's weights
 * are scaled at inference instead). A layer with p = 0 is never built: it would be an exact identity.
 *
 * <p>Each draw is a 16-bit uniform (four per generator step), so p is applied with a resolution of 2⁻¹⁶; loops
 * are branch-free so that random masks cost no mispredicted branches.
 */
final class Dropout {

    final double dropProbability;
    final float keptValue;
    final Matrix mask;
    final Matrix out;
    private final long dropThreshold;

    Dropout(double dropProbability, DropoutScaling scaling, int maxBatch, int units) {
        this.dropProbability = dropProbability;
        this.keptValue = keptValue(dropProbability, scaling);
        this.dropThreshold = threshold(dropProbability);
        this.mask = new Matrix(maxBatch, units);
        this.out = new Matrix(maxBatch, units);
    }

    static float keptValue(double dropProbability, DropoutScaling scaling) {
        return scaling == DropoutScaling.INVERTED ? (float) (1.0 / (1.0 - dropProbability)) : 1f;
    }

    /** A unit is dropped when its 16-bit uniform draw is below round(p·2¹⁶). */
    static long threshold(double dropProbability) {
        return Math.round(dropProbability * 65536.0);
    }

    /**
     * Fills the first n mask values with 0 (dropped) or {@code keptValue}, four draws per generator step: value i
     * comes from the generator's word i/4, whichever thread draws it, so the mask is that of one sequential pass.
     */
    static void drawMask(Matrix mask, int n, long dropThreshold, float keptValue, Rng rng, Blas blas) {
        blas.forEachBlock(n, (from, to) -> {
            for (int i = from; i < to; i += 4) {
                long r = rng.peek(i >>> 2);
                for (int k = 0; k < 4 && i + k < to; k++) {
                    long u = (r >>> (16 * k)) & 0xffffL;
                    long dropped = (u - dropThreshold) >>> 63; // 1 when u < threshold
                    mask.set(i + k, keptValue * (1 - dropped));
                }
            }
        });
        rng.skip((n + 3) >>> 2);
    }

    /** The mask value of unit i of the last forward pass: 0 or the kept value. */
    float maskValue(int i) {
        return mask.get(i);
    }

    /** out = a ⊙ mask with a fresh mask. */
    Matrix forward(Matrix a, int rows, Rng rng, Blas blas) {
        int n = rows * mask.cols;
        drawMask(mask, n, dropThreshold, keptValue, rng, blas);
        multiply(a, mask, out, n, blas);
        return out;
    }

    static void multiply(Matrix a, Matrix m, Matrix result, int n, Blas blas) {
        blas.forEachBlock(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                result.set(i, a.get(i) * m.get(i));
            }
        });
    }

    /** ReLU fused with dropout in one pass: out = mask ⊙ max(z, 0), with a fresh mask. */
    Matrix forwardRelu(Matrix z, int rows, Rng rng, Blas blas) {
        int n = rows * mask.cols;
        drawMask(mask, n, dropThreshold, keptValue, rng, blas);
        blas.forEachBlock(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                out.set(i, Math.max(z.get(i), 0f) * mask.get(i));
            }
        });
        return out;
    }

    /** The gradient through the same mask as the forward pass, in place. */
    void backward(Matrix dOut, int rows, Blas blas) {
        multiply(dOut, mask, dOut, rows * mask.cols, blas);
    }

    /** Backward of {@link #forwardRelu} in one pass, in place: g = mask ⊙ 1[z ≥ +0] ⊙ g. */
    void backwardRelu(Matrix z, Matrix g, int rows, Blas blas) {
        blas.forEachBlock(rows * mask.cols, (from, to) -> {
            for (int i = from; i < to; i++) {
                g.set(i, g.get(i) * mask.get(i) * Activations.positive(z.get(i)));
            }
        });
    }
}
