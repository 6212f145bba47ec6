package io.dropwise.engine;

/**
 * Batch normalization over the batch dimension: training uses the batch mean and (biased) variance and updates
 * running statistics (momentum 0.1, unbiased variance, as PyTorch); inference uses the running statistics (folded
 * into the preceding dense layer by {@link Model}).
 *
 * <p>A batch of one row (the last batch of an epoch when the training rows are one more than a multiple of the batch
 * size) trains as usual, degenerate as that is: each unit is normalized by its own value, so the output is β and no
 * gradient reaches the layer below. It does not update the running statistics: its variance is 0 and its unbiased
 * variance undefined, and folding it in would shrink the running variance by 10%, so that the returned model
 * scaled this layer's output by 1/√0.9 ≈ 1.054. Batches of one row only are refused by the specs.
 */
final class BatchNorm {

    static final float EPSILON = 1e-5f;
    static final float MOMENTUM = 0.1f;

    final int units;
    final Param gamma;
    final Param beta;
    final Matrix runningMean;
    final Matrix runningVar;
    final Matrix y;
    final Matrix dz;
    private final Matrix xhat;
    private final double[] mean;
    private final double[] invStd;
    private final double[] sumDy;
    private final double[] sumDyXhat;

    BatchNorm(int units, int maxBatch) {
        this.units = units;
        this.gamma = new Param(1, units, false);
        this.beta = new Param(1, units, false);
        this.runningMean = new Matrix(1, units);
        this.runningVar = new Matrix(1, units);
        this.y = new Matrix(maxBatch, units);
        this.dz = new Matrix(maxBatch, units);
        this.xhat = new Matrix(maxBatch, units);
        this.mean = new double[units];
        this.invStd = new double[units];
        this.sumDy = new double[units];
        this.sumDyXhat = new double[units];
        gamma.value.fill(1f);
        runningVar.fill(1f);
    }

    Matrix forward(Matrix z, int rows) {
        batchStatistics(z, rows);
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                int i = r * units + u;
                float h = (float) ((z.get(i) - mean[u]) * invStd[u]);
                xhat.set(i, h);
                y.set(i, gamma.value.get(u) * h + beta.value.get(u));
            }
        }
        return y;
    }

    private void batchStatistics(Matrix z, int rows) {
        java.util.Arrays.fill(mean, 0);
        java.util.Arrays.fill(sumDy, 0);
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                mean[u] += z.get(r * units + u);
            }
        }
        for (int u = 0; u < units; u++) {
            mean[u] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                double d = z.get(r * units + u) - mean[u];
                sumDy[u] += d * d;
            }
        }
        for (int u = 0; u < units; u++) {
            double variance = sumDy[u] / rows;
            invStd[u] = 1.0 / Math.sqrt(variance + EPSILON);
            if (rows > 1) {
                double unbiased = sumDy[u] / (rows - 1);
                runningMean.set(u, (1 - MOMENTUM) * runningMean.get(u) + MOMENTUM * (float) mean[u]);
                runningVar.set(u, (1 - MOMENTUM) * runningVar.get(u) + MOMENTUM * (float) unbiased);
            }
        }
    }

    /** dz = (γ·invStd/N)·(N·dy − Σdy − x̂·Σ(dy·x̂)); writes dγ = Σ(dy·x̂) and dβ = Σdy. */
    Matrix backward(Matrix dy, int rows) {
        java.util.Arrays.fill(sumDy, 0);
        java.util.Arrays.fill(sumDyXhat, 0);
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                int i = r * units + u;
                float g = dy.get(i);
                sumDy[u] += g;
                sumDyXhat[u] += g * xhat.get(i);
            }
        }
        for (int u = 0; u < units; u++) {
            gamma.grad.set(u, (float) sumDyXhat[u]);
            beta.grad.set(u, (float) sumDy[u]);
        }
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                int i = r * units + u;
                double scale = gamma.value.get(u) * invStd[u] / rows;
                double g = rows * dy.get(i) - sumDy[u] - xhat.get(i) * sumDyXhat[u];
                dz.set(i, (float) (scale * g));
            }
        }
        return dz;
    }
}
