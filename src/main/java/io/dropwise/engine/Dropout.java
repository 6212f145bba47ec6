package io.dropwise.engine;

/**
 * Dropout with {@code dropProbability} = probability of <em>dropping</em> a unit. Training draws a fresh mask per
 * example (one Bernoulli draw per unit) and keeps it for the backward pass. The mask holds 0 for a dropped unit and
 * the kept value otherwise: {@code 1/q} with inverted scaling, 1 with weight scaling (the next layer's weights are
 * scaled by q at inference instead). A layer with p = 0 is never built: it would be an exact identity.
 *
 * <p>Each draw is a 16-bit uniform (four per generator step), so p is applied with a resolution of 2⁻¹⁶: a unit is
 * kept with probability exactly {@code q = 1 − round(p·2¹⁶)/2¹⁶} ({@link #keepProbability}), and every place that
 * needs the keep probability uses that q, never the nominal 1 − p, so that E[mask] is 1 (inverted) or q
 * (weight scaling) whatever p. (Scaling by the nominal 1/(1−p) gave E[mask] = 1.007 at p = 0.999 and 1.53 at
 * p = 0.99999.) A p that rounds to 2¹⁶, p ≥ 1 − 2⁻¹⁷, would drop every unit and is refused by the specs. Loops are
 * branch-free so that random masks cost no mispredicted branches.
 */
final class Dropout {

    /** Distinct values of one draw. */
    static final long DRAW_VALUES = 1 << 16;

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
        return scaling == DropoutScaling.INVERTED ? (float) (1.0 / keepProbability(dropProbability)) : 1f;
    }

    /** A unit is dropped when its 16-bit uniform draw is below round(p·2¹⁶). */
    static long threshold(double dropProbability) {
        return Math.round(dropProbability * DRAW_VALUES);
    }

    /** The exact probability that a mask keeps a unit: the share of the 2¹⁶ draws at or above the threshold. */
    static double keepProbability(double dropProbability) {
        return (double) (DRAW_VALUES - threshold(dropProbability)) / DRAW_VALUES;
    }

    /**
     * Fills the first n mask values with 0 (dropped) or {@code keptValue}, four draws per generator step: value i
     * comes from the generator's word i/4, whichever thread draws it, so the mask is that of one sequential pass.
     * That holds only if every block starts at a multiple of 4: a block starting at i = 4w + 1 would take word w's
     * first 16 bits for value i, and its neighbour would use them again for value 4w ({@link Blas#ELEMENT_BLOCK}).
     */
    static void drawMask(Matrix mask, int n, long dropThreshold, float keptValue, Rng rng, Blas blas) {
        blas.forEachBlock(n, (from, to) -> {
            assert (from & 3) == 0 : "a block of the mask starts at " + from + ", not at a multiple of 4";
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
