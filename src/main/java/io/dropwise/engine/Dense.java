package io.dropwise.engine;

/**
 * Fully connected layer Z = X·Wᵀ + b. W is (out, in) row-major, so each unit's incoming weights form one
 * contiguous row (max-norm, sgemv at batch 1).
 */
final class Dense {

    final int in;
    final int out;
    final Param w;
    final Param b;
    final Matrix z;
    final Matrix dx;
    private final Matrix ones;
    private final Blas blas;
    private Matrix x;

    Dense(int in, int out, int maxBatch, boolean needsInputGradient, Blas blas) {
        this.in = in;
        this.out = out;
        this.w = new Param(out, in, true, true);
        this.b = new Param(1, out, false, true);
        this.z = new Matrix(maxBatch, out);
        this.dx = needsInputGradient ? new Matrix(maxBatch, in) : null;
        this.ones = new Matrix(maxBatch, 1);
        this.ones.fill(1f);
        this.blas = blas;
    }

    /** He (ReLU family) or Xavier/Glorot uniform (tanh, sigmoid, linear) initialization; biases 0. */
    void initialize(Activation activation, Rng rng) {
        int n = w.size();
        if (activation == Activation.RELU || activation == Activation.LEAKY_RELU || activation == Activation.ELU) {
            double std = Math.sqrt(2.0 / in);
            for (int i = 0; i < n; i++) {
                w.value.set(i, (float) (rng.nextGaussian() * std));
            }
        } else {
            double limit = Math.sqrt(6.0 / (in + out));
            for (int i = 0; i < n; i++) {
                w.value.set(i, (float) ((2 * rng.nextDouble() - 1) * limit));
            }
        }
        b.value.fill(0f);
    }

    Matrix forward(Matrix input, int rows) {
        this.x = input;
        for (int r = 0; r < rows; r++) {
            z.data.put(r * out, b.value.data, 0, out);
        }
        // (rows, out) = (rows, in) · (out, in)ᵀ + b
        blas.sgemm(false, true, rows, out, in, 1f, input.data, in, w.value.data, in, 1f, z.data, out);
        return z;
    }

    /**
     * Writes dW and db into their gradient targets (the mean-gradient scaling is already in dz) and returns dX unless
     * this is the first layer.
     */
    Matrix backward(Matrix dz, int rows) {
        // (out, in) = (rows, out)ᵀ · (rows, in)
        blas.sgemm(true, false, out, in, rows, 1f, dz.data, out, x.data, in, w.targetBeta, w.gradientTarget.data, in);
        // (out) = (rows, out)ᵀ · ones(rows)
        blas.sgemv(true, rows, out, 1f, dz.data, out, ones.data, b.targetBeta, b.gradientTarget.data);
        if (dx == null) {
            return null;
        }
        // (rows, in) = (rows, out) · (out, in)
        blas.sgemm(false, false, rows, in, out, 1f, dz.data, out, w.value.data, in, 0f, dx.data, in);
        return dx;
    }
}
