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
    /**
     * Values per chunk of a pass: a block's values go through per-thread scratch arrays (loops over arrays compile to
     * vector instructions, loops over the off-heap buffers do not). A multiple of 4, so chunks start where words do.
     */
    static final int CHUNK = 2048;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][CHUNK]);

    /** The last training mask, on the heap: only Java loops read it. */
    private final float[] mask;

    final Matrix out;
    private final int units;
    private final long dropThreshold;

    Dropout(double dropProbability, DropoutScaling scaling, int maxBatch, int units) {
        this.dropProbability = dropProbability;
        this.keptValue = keptValue(dropProbability, scaling);
        this.dropThreshold = threshold(dropProbability);
        this.mask = new float[maxBatch * units];
        this.out = new Matrix(maxBatch, units);
        this.units = units;
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
            float[] values = SCRATCH.get()[0];
            for (int i = from; i < to; i += CHUNK) {
                int end = Math.min(to, i + CHUNK);
                fill(values, i, i, end, dropThreshold, keptValue, rng);
                mask.data.put(i, values, 0, end - i);
            }
        });
        rng.skip((n + 3) >>> 2);
    }

    /**
     * Mask values [from, to) into {@code values[from - base ..]}: value i from bits 16·(i mod 4) of the generator's
     * word i/4 (see {@link #drawMask}). {@code from} must be a multiple of 4.
     */
    private static void fill(float[] values, int base, int from, int to, long dropThreshold, float keptValue, Rng rng) {
        assert (from & 3) == 0 : "a block of the mask starts at " + from + ", not at a multiple of 4";
        int i = from;
        for (int whole = to - ((to - from) & 3); i < whole; i += 4) {
            long r = rng.peek(i >>> 2);
            int o = i - base;
            values[o] = maskValue(r, dropThreshold, keptValue);
            values[o + 1] = maskValue(r >>> 16, dropThreshold, keptValue);
            values[o + 2] = maskValue(r >>> 32, dropThreshold, keptValue);
            values[o + 3] = maskValue(r >>> 48, dropThreshold, keptValue);
        }
        if (i < to) {
            long r = rng.peek(i >>> 2);
            for (int k = 0; i + k < to; k++) {
                values[i + k - base] = maskValue(r >>> (16 * k), dropThreshold, keptValue);
            }
        }
    }

    /** 0 when the draw in the low 16 bits of r is below the threshold, else the kept value; without a branch. */
    private static float maskValue(long r, long dropThreshold, float keptValue) {
        long dropped = ((r & 0xffffL) - dropThreshold) >>> 63; // 1 when the draw is below the threshold
        return keptValue * (1 - dropped);
    }

    /** The mask value of unit i of the last forward pass: 0 or the kept value. */
    float maskValue(int i) {
        return mask[i];
    }

    /** out = a ⊙ mask with a fresh mask, in one pass. */
    Matrix forward(Matrix a, int rows, Rng rng, Blas blas) {
        int n = rows * units;
        blas.forEachBlock(n, (from, to) -> {
            float[][] scratch = SCRATCH.get();
            float[] as = scratch[0];
            float[] os = scratch[1];
            for (int i = from; i < to; i += CHUNK) {
                int len = Math.min(CHUNK, to - i);
                fill(mask, 0, i, i + len, dropThreshold, keptValue, rng);
                a.data.get(i, as, 0, len);
                for (int j = 0; j < len; j++) {
                    os[j] = as[j] * mask[i + j];
                }
                out.data.put(i, os, 0, len);
            }
        });
        rng.skip((n + 3) >>> 2);
        return out;
    }

    static void multiply(Matrix a, Matrix m, Matrix result, int n, Blas blas) {
        blas.forEachBlock(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                result.set(i, a.get(i) * m.get(i));
            }
        });
    }

    /** ReLU fused with dropout in one pass: out = max(z, 0) ⊙ mask, with a fresh mask drawn in the same pass. */
    Matrix forwardRelu(Matrix z, int rows, Rng rng, Blas blas) {
        int n = rows * units;
        blas.forEachBlock(n, (from, to) -> {
            float[][] scratch = SCRATCH.get();
            float[] zs = scratch[0];
            float[] os = scratch[1];
            for (int i = from; i < to; i += CHUNK) {
                int len = Math.min(CHUNK, to - i);
                fill(mask, 0, i, i + len, dropThreshold, keptValue, rng);
                z.data.get(i, zs, 0, len);
                for (int j = 0; j < len; j++) {
                    os[j] = Math.max(zs[j], 0f) * mask[i + j];
                }
                out.data.put(i, os, 0, len);
            }
        });
        rng.skip((n + 3) >>> 2);
        return out;
    }

    /** The gradient through the same mask as the forward pass, in place. */
    void backward(Matrix dOut, int rows, Blas blas) {
        blas.forEachBlock(rows * units, (from, to) -> {
            float[] gs = SCRATCH.get()[0];
            for (int i = from; i < to; i += CHUNK) {
                int len = Math.min(CHUNK, to - i);
                dOut.data.get(i, gs, 0, len);
                for (int j = 0; j < len; j++) {
                    gs[j] = gs[j] * mask[i + j];
                }
                dOut.data.put(i, gs, 0, len);
            }
        });
    }

    /** Backward of {@link #forwardRelu} in one pass, in place: g = mask ⊙ 1[z ≥ +0] ⊙ g. */
    void backwardRelu(Matrix z, Matrix g, int rows, Blas blas) {
        blas.forEachBlock(rows * units, (from, to) -> {
            float[][] scratch = SCRATCH.get();
            float[] gs = scratch[0];
            float[] zs = scratch[1];
            for (int i = from; i < to; i += CHUNK) {
                int len = Math.min(CHUNK, to - i);
                g.data.get(i, gs, 0, len);
                z.data.get(i, zs, 0, len);
                for (int j = 0; j < len; j++) {
                    gs[j] = gs[j] * mask[i + j] * Activations.positive(zs[j]);
                }
                g.data.put(i, gs, 0, len);
            }
        });
    }
}
