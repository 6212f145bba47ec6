package io.dropwise.engine;

/**
 * One thread's inference buffers for up to {@code capacity} rows, allocated once and reused by every call on that
 * thread. In Monte-Carlo mode it also applies training-mode dropout masks in place.
 */
final class InferenceScratch {

    final int capacity;
    private final Matrix input;
    /** One row scaled on the heap, then copied into {@link #input} in one bulk put. */
    private final float[] scaledRow;

    private final Matrix[] outputs;
    private final Matrix mask;
    private final double[] dropAfter;
    private final DropoutScaling scaling;
    private final double inputDrop;

    InferenceScratch(NetworkSpec spec, int capacity) {
        int layers = spec.hiddenLayers().size();
        this.capacity = capacity;
        this.input = new Matrix(capacity, spec.inputSize());
        this.scaledRow = new float[spec.inputSize()];
        this.outputs = new Matrix[layers + 1];
        this.dropAfter = new double[layers + 1];
        int widest = spec.inputSize();
        for (int l = 0; l < layers; l++) {
            outputs[l] = new Matrix(capacity, spec.hiddenLayers().get(l).units());
            dropAfter[l] = spec.hiddenLayers().get(l).dropProbability();
            widest = Math.max(widest, spec.hiddenLayers().get(l).units());
        }
        outputs[layers] = new Matrix(capacity, spec.outputSize());
        this.mask = new Matrix(capacity, widest);
        this.scaling = spec.dropoutScaling();
        this.inputDrop = spec.inputDropProbability();
    }

    /**
     * Scales rows into the input buffer: each row into a heap array first (a plain loop the JIT compiles early and
     * well), then one bulk copy into the direct buffer, not one bounds-checked {@code put} per value. Same floats.
     */
    void loadRaw(float[][] rows, int from, int n, FeatureScaler scaler) {
        int f = input.cols;
        float[] scaled = scaledRow;
        for (int r = 0; r < n; r++) {
            scaler.applyRow(rows[from + r], scaled);
            input.data.put(r * f, scaled, 0, f);
        }
    }

    void loadScaled(float[] scaledX, int[] indices, int from, int n) {
        int f = input.cols;
        for (int r = 0; r < n; r++) {
            input.data.put(r * f, scaledX, indices[from + r] * f, f);
        }
    }

    /** Runs the layers; with a generator, draws a fresh dropout mask per row and unit (Monte-Carlo mode). */
    Matrix forward(Blas blas, InferenceLayer[] layers, int n, Rng rng) {
        Matrix h = input;
        if (rng != null) {
            applyDropout(blas, h, n, inputDrop, rng);
        }
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(blas, h, outputs[l], n);
            h = outputs[l];
            if (rng != null && l < layers.length - 1) {
                applyDropout(blas, h, n, dropAfter[l], rng);
            }
        }
        return h;
    }

    private void applyDropout(Blas blas, Matrix h, int n, double dropProbability, Rng rng) {
        if (dropProbability <= 0) {
            return;
        }
        int size = n * h.cols;
        Dropout.drawMask(
                mask, size, Dropout.threshold(dropProbability), Dropout.keptValue(dropProbability, scaling), rng, blas);
        Dropout.multiply(h, mask, h, size, blas);
    }

    /** Softmax probabilities for classification, the unscaled value(s) for regression. */
    float[] finishRow(Matrix out, int r, Task task, FeatureScaler scaler) {
        int k = out.cols;
        float[] y = new float[k];
        if (task == Task.REGRESSION) {
            for (int j = 0; j < k; j++) {
                y[j] = scaler.unscaleTarget(out.get(r * k + j));
            }
            return y;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, out.get(r * k + j));
        }
        double sum = 0;
        double[] e = new double[k];
        for (int j = 0; j < k; j++) {
            e[j] = Math.exp(out.get(r * k + j) - max);
            sum += e[j];
        }
        for (int j = 0; j < k; j++) {
            y[j] = (float) (e[j] / sum);
        }
        return y;
    }
}
