package io.dropwise.engine;

/**
 * One dense layer ready for inference, with batch norm's running statistics folded in
 * ({@code W' = diag(s)·W}, {@code b' = (b − mean)·s + β}, {@code s = γ/√(var + ε)}) and, for weight-scaling
 * dropout in deterministic mode, its incoming weights multiplied by the retain probability of its input.
 * Immutable after construction; read concurrently by many threads.
 */
final class InferenceLayer {

    final int in;
    final int out;
    final Matrix w;
    final Matrix b;
    final Activation activation;

    InferenceLayer(int in, int out, Activation activation) {
        this.in = in;
        this.out = out;
        this.w = new Matrix(out, in);
        this.b = new Matrix(1, out);
        this.activation = activation;
    }

    /**
     * Folds a layer's canonical parameters into this layer's buffers.
     *
     * @param norm γ, β, running mean, running variance, or null without batch norm
     * @param inputRetain factor applied to every incoming weight (1 unless weight-scaling inference)
     */
    void load(float[] weights, float[] biases, float[][] norm, double inputRetain) {
        for (int u = 0; u < out; u++) {
            double s = 1;
            double shift = biases[u];
            if (norm != null) {
                s = norm[0][u] / Math.sqrt((double) norm[3][u] + BatchNorm.EPSILON);
                shift = (biases[u] - (double) norm[2][u]) * s + norm[1][u];
            }
            for (int j = 0; j < in; j++) {
                w.set(u * in + j, (float) (weights[u * in + j] * s * inputRetain));
            }
            b.set(u, (float) shift);
        }
    }

    /** out(rows, out) = act(x(rows, in)·Wᵀ + b); a single row goes through sgemv. */
    void forward(Blas blas, Matrix x, Matrix result, int rows) {
        for (int r = 0; r < rows; r++) {
            result.data.put(r * out, b.data, 0, out);
        }
        if (rows == 1) {
            // (out) = (out, in) · (in)
            blas.sgemv(false, out, in, 1f, w.data, in, x.data, 1f, result.data);
        } else {
            // (rows, out) = (rows, in) · (out, in)ᵀ
            blas.sgemm(false, true, rows, out, in, 1f, x.data, in, w.data, in, 1f, result.data, out);
        }
        if (activation != Activation.LINEAR) {
            Activations.forward(activation, result, result, rows * out, blas);
        }
    }
}
