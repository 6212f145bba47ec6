package io.dropwise.engine;

/**
 * Dropout with {@code dropProbability} = probability of <em>dropping</em> a unit. Training draws a fresh mask per
 * example (one Bernoulli draw per unit) and keeps it for the backward pass. Inverted scaling stores kept units as
 * {@code 1/(1-p)} in the mask; weight scaling stores 1 (the next layer's weights are scaled at inference).
 * A layer with p = 0 is never built: it would be an exact identity.
 */
final class Dropout {

    final double dropProbability;
    final float keptValue;
    final Matrix mask;
    final Matrix out;
    private final long keepThreshold;

    Dropout(double dropProbability, DropoutScaling scaling, int maxBatch, int units) {
        this.dropProbability = dropProbability;
        this.keptValue = scaling == DropoutScaling.INVERTED ? (float) (1.0 / (1.0 - dropProbability)) : 1f;
        this.keepThreshold = threshold(dropProbability);
        this.mask = new Matrix(maxBatch, units);
        this.out = new Matrix(maxBatch, units);
    }

    /** A unit is dropped when its 32-bit uniform draw is below p·2³². */
    static long threshold(double dropProbability) {
        return (long) Math.floor(dropProbability * 4294967296.0);
    }

    /** Fills the first n mask values: two 32-bit draws per generator step. */
    static void drawMask(Matrix mask, int n, long keepThreshold, float keptValue, Rng rng) {
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = rng.nextLong();
            mask.set(i, (bits >>> 32) >= keepThreshold ? keptValue : 0f);
            mask.set(i + 1, (bits & 0xffffffffL) >= keepThreshold ? keptValue : 0f);
        }
        if (i < n) {
            mask.set(i, (rng.nextLong() >>> 32) >= keepThreshold ? keptValue : 0f);
        }
    }

    /** out = a ⊙ mask with a fresh mask. */
    Matrix forward(Matrix a, int rows, Rng rng) {
        int n = rows * mask.cols;
        drawMask(mask, n, keepThreshold, keptValue, rng);
        for (int i = 0; i < n; i++) {
            out.set(i, a.get(i) * mask.get(i));
        }
        return out;
    }

    /** The gradient through the same mask as the forward pass, in place. */
    void backward(Matrix dOut, int rows) {
        int n = rows * mask.cols;
        for (int i = 0; i < n; i++) {
            dOut.set(i, dOut.get(i) * mask.get(i));
        }
    }

    long keepThreshold() {
        return keepThreshold;
    }
}
