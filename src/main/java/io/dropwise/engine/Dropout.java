package io.dropwise.engine;

/**
 * Dropout with {@code dropProbability} = probability of <em>dropping</em> a unit. Training draws a fresh mask per
 * example (one Bernoulli draw per unit, a bit per unit) and keeps it for the backward pass. Inverted scaling
 * multiplies kept units by {@code 1/(1-p)}; weight scaling keeps them as they are (the next layer's weights are
 * scaled at inference instead). A layer with p = 0 is never built: it would be an exact identity.
 */
final class Dropout {

    final double dropProbability;
    final float keptValue;
    final Matrix out;
    private final long[] bits;
    private final long dropThreshold;
    private final int units;

    Dropout(double dropProbability, DropoutScaling scaling, int maxBatch, int units) {
        this.dropProbability = dropProbability;
        this.keptValue = keptValue(dropProbability, scaling);
        this.dropThreshold = threshold(dropProbability);
        this.units = units;
        this.bits = new long[words(maxBatch * units)];
        this.out = new Matrix(maxBatch, units);
    }

    static float keptValue(double dropProbability, DropoutScaling scaling) {
        return scaling == DropoutScaling.INVERTED ? (float) (1.0 / (1.0 - dropProbability)) : 1f;
    }

    /** A unit is dropped when its 32-bit uniform draw is below p·2³². */
    static long threshold(double dropProbability) {
        return (long) Math.floor(dropProbability * 4294967296.0);
    }

    static int words(int n) {
        return (n + 63) >>> 6;
    }

    /** Draws the keep-bits of the first n units, 64 per word, two 32-bit draws per generator step. */
    static void drawBits(long[] bits, int n, long dropThreshold, Rng rng) {
        for (int w = 0, end = words(n); w < end; w++) {
            long word = 0;
            for (int k = 0; k < 64; k += 2) {
                long r = rng.nextLong();
                word |= ((r >>> 32) >= dropThreshold ? 1L : 0L) << k;
                word |= ((r & 0xffffffffL) >= dropThreshold ? 2L : 0L) << k;
            }
            bits[w] = word;
        }
    }

    static boolean kept(long[] bits, int i) {
        return ((bits[i >>> 6] >>> i) & 1L) != 0;
    }

    /** The mask value of unit i of the last forward pass: 0 or the kept value. */
    float maskValue(int i) {
        return kept(bits, i) ? keptValue : 0f;
    }

    /** out = a ⊙ mask with a fresh mask. */
    Matrix forward(Matrix a, int rows, Rng rng) {
        int n = rows * units;
        drawBits(bits, n, dropThreshold, rng);
        applyMask(bits, a, out, n, keptValue);
        return out;
    }

    static void applyMask(long[] bits, Matrix in, Matrix result, int n, float keptValue) {
        for (int i = 0; i < n; i++) {
            result.set(i, kept(bits, i) ? in.get(i) * keptValue : 0f);
        }
    }

    /** ReLU fused with dropout in one pass: out = mask ⊙ max(z, 0), with a fresh mask. */
    Matrix forwardRelu(Matrix z, int rows, Rng rng) {
        int n = rows * units;
        drawBits(bits, n, dropThreshold, rng);
        float kv = keptValue;
        for (int i = 0; i < n; i++) {
            float v = z.get(i);
            out.set(i, v > 0f && kept(bits, i) ? v * kv : 0f);
        }
        return out;
    }

    /** The gradient through the same mask as the forward pass, in place. */
    void backward(Matrix dOut, int rows) {
        applyMask(bits, dOut, dOut, rows * units, keptValue);
    }

    /** Backward of {@link #forwardRelu} in one pass, in place: g = mask ⊙ 1[z > 0] ⊙ g. */
    void backwardRelu(Matrix z, Matrix g, int rows) {
        int n = rows * units;
        float kv = keptValue;
        for (int i = 0; i < n; i++) {
            g.set(i, z.get(i) > 0f && kept(bits, i) ? g.get(i) * kv : 0f);
        }
    }
}
