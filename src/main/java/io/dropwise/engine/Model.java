package io.dropwise.engine;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A trained network with its feature scaler. A model returned by {@link Trainer} or {@link ModelCodec} is never
 * changed afterwards and is safe to share between threads (each thread gets its own scratch buffers; there is no
 * lock). The one exception stays inside the engine: the trainer's per-epoch evaluation model, which
 * {@link #reload} refills in place with each epoch's weights and which is never returned. Inference has dropout off
 * and batch norm on running statistics, so the same input always gives bit-identical output. (A row predicted alone
 * goes through a matrix-vector product and may differ in the last bits from the same row inside a larger batch;
 * repeating the same call is bit-identical.)
 * With {@link DropoutScaling#WEIGHT_SCALING} the outgoing weights of every dropped layer are multiplied by its
 * retain probability {@code q} (1 − p at the masks' resolution of 2⁻¹⁶, as in training and Monte-Carlo passes);
 * with inverted dropout nothing is scaled.
 */
public final class Model {

    static final int CHUNK = 256;

    final NetworkSpec spec;
    final FeatureScaler scaler;
    /** Canonical parameter state; replaced only by {@link #reload}, which published models never see. */
    float[][] state;

    private final InferenceLayer[] deterministic;
    private final InferenceLayer[] stochastic;
    private final ThreadLocal<InferenceScratch> scratch;

    /** @param state canonical parameter state as produced by the training network (see Network#exportState). */
    Model(NetworkSpec spec, FeatureScaler scaler, float[][] state) {
        this.spec = spec;
        this.scaler = scaler;
        this.state = state;
        boolean weightScaling = spec.dropoutScaling() == DropoutScaling.WEIGHT_SCALING;
        this.deterministic = fold(
                spec,
                state,
                weightScaling,
                new InferenceLayer[spec.hiddenLayers().size() + 1]);
        this.stochastic =
                weightScaling ? fold(spec, state, false, new InferenceLayer[deterministic.length]) : deterministic;
        this.scratch = new ThreadLocal<>();
    }

    /**
     * Trainer-only: loads new parameters into this model's existing native buffers (an evaluation model that is
     * reused every epoch and never published, so published models stay immutable).
     */
    void reload(float[][] newState) {
        this.state = newState;
        boolean weightScaling = spec.dropoutScaling() == DropoutScaling.WEIGHT_SCALING;
        fold(spec, newState, weightScaling, deterministic);
        if (stochastic != deterministic) {
            fold(spec, newState, false, stochastic);
        }
    }

    /** Folds the state into {@code layers}, creating the layers that are still null. */
    static InferenceLayer[] fold(NetworkSpec spec, float[][] state, boolean scaleByRetain, InferenceLayer[] layers) {
        List<LayerSpec> hidden = spec.hiddenLayers();
        int t = 0;
        int in = spec.inputSize();
        double inputDrop = spec.inputDropProbability();
        for (int l = 0; l <= hidden.size(); l++) {
            boolean isOutput = l == hidden.size();
            float[] w = state[t++];
            float[] b = state[t++];
            float[][] norm = null;
            if (!isOutput && hidden.get(l).batchNorm()) {
                norm = new float[][] {state[t++], state[t++], state[t++], state[t++]};
            }
            Activation act = isOutput ? Activation.LINEAR : hidden.get(l).activation();
            if (layers[l] == null) {
                layers[l] = new InferenceLayer(in, b.length, act);
            }
            // the keep probability of the masks (p quantized to 2^-16), so that E[mask] matches the inference scale
            layers[l].load(w, b, norm, scaleByRetain ? Dropout.keepProbability(inputDrop) : 1);
            if (!isOutput) {
                in = hidden.get(l).units();
                inputDrop = hidden.get(l).dropProbability();
            }
        }
        return layers;
    }

    public NetworkSpec spec() {
        return spec;
    }

    /**
     * Input scaling fitted on the training split and applied by {@link #predict}: input {@code j} enters the network
     * as {@code (x[j] - offset[j]) * scale[j]}. Returns a copy.
     */
    public float[] inputOffsets() {
        return scaler.offset.clone();
    }

    /** The {@code scale} of {@link #inputOffsets()}; 0 for a feature that was constant in training. A copy. */
    public float[] inputScales() {
        return scaler.scale.clone();
    }

    /** Regression: predictions are {@code t' * targetStd + targetMean} (0 and 1 when targets are not scaled). */
    public float targetMean() {
        return scaler.targetMean;
    }

    /** See {@link #targetMean()}. */
    public float targetStd() {
        return scaler.targetStd;
    }

    /** Number of (encoded) input features a row must have. */
    public int inputSize() {
        return spec.inputSize();
    }

    /**
     * Deterministic inference on raw (unscaled, encoded) rows: class probabilities (softmax) for classification,
     * the predicted value for regression. Returns {@code rows} arrays of {@code outputSize} values.
     */
    public float[][] predict(float[][] rows) {
        return predict(rows, ParallelBlas.inference());
    }

    /**
     * {@link #predict(float[][])} computed on the calling thread alone, to the same bits (its products are cut into
     * the same blocks, which one thread then runs in turn). For a caller that runs several predictions at once, one
     * per core, as a batch does with its chunks: one product per core needs no team, so no thread spins waiting for
     * another's block, and none waits for the shared inference team.
     */
    public float[][] predictAlone(float[][] rows) {
        return predict(rows, ParallelBlas.alone());
    }

    private float[][] predict(float[][] rows, ParallelBlas blas) {
        checkRows(rows);
        InferenceScratch s = scratch(rows.length);
        float[][] result = new float[rows.length][];
        for (int from = 0; from < rows.length; from += CHUNK) {
            int n = Math.min(CHUNK, rows.length - from);
            s.loadRaw(rows, from, n, scaler);
            Matrix out = s.forward(blas, deterministic, n, null);
            for (int r = 0; r < n; r++) {
                result[from + r] = s.finishRow(out, r, spec.task(), scaler);
            }
        }
        return result;
    }

    /**
     * Monte-Carlo dropout (Gal and Ghahramani 2016): {@code samples} stochastic passes with training-mode dropout
     * masks from a generator seeded with {@code seed}, batch norm in inference mode. Returns per row and output the
     * mean and the (population) standard deviation of the probabilities (classification) or values (regression).
     */
    public McPrediction predictMonteCarlo(float[][] rows, int samples, long seed) {
        return predictMonteCarlo(rows, samples, seed, () -> false);
    }

    /**
     * {@link #predictMonteCarlo(float[][], int, long)} that asks {@code stop} before every stochastic pass (a pass is
     * at most {@link #CHUNK} rows) and gives up with a {@link CancellationException} when it answers true, so a
     * caller can bound the time of a large request. Not stopped, the result is the same bits as without it.
     */
    public McPrediction predictMonteCarlo(float[][] rows, int samples, long seed, BooleanSupplier stop) {
        return predictMonteCarlo(rows, samples, seed, stop, ParallelBlas.inference());
    }

    /** {@link #predictMonteCarlo(float[][], int, long)} on the calling thread alone (as {@link #predictAlone}). */
    public McPrediction predictMonteCarloAlone(float[][] rows, int samples, long seed) {
        return predictMonteCarlo(rows, samples, seed, () -> false, ParallelBlas.alone());
    }

    private McPrediction predictMonteCarlo(
            float[][] rows, int samples, long seed, BooleanSupplier stop, ParallelBlas blas) {
        checkRows(rows);
        if (samples < 1) {
            throw new IllegalArgumentException("Monte-Carlo dropout needs at least 1 sample, got " + samples);
        }
        InferenceScratch s = scratch(rows.length);
        Rng rng = new Rng(seed);
        int k = spec.outputSize();
        float[][] mean = new float[rows.length][k];
        float[][] std = new float[rows.length][k];
        for (int from = 0; from < rows.length; from += CHUNK) {
            monteCarloChunk(s, blas, rows, from, Math.min(CHUNK, rows.length - from), samples, rng, mean, std, stop);
        }
        return new McPrediction(mean, std, samples);
    }

    private void monteCarloChunk(
            InferenceScratch s,
            ParallelBlas blas,
            float[][] rows,
            int from,
            int n,
            int samples,
            Rng rng,
            float[][] mean,
            float[][] std,
            BooleanSupplier stop) {
        int k = spec.outputSize();
        double[] sum = new double[n * k];
        double[] squares = new double[n * k];
        for (int t = 0; t < samples; t++) {
            if (stop.getAsBoolean()) {
                throw new CancellationException("Monte-Carlo prediction stopped after " + t + " of " + samples
                        + " passes over rows " + from + ".." + (from + n - 1));
            }
            s.loadRaw(rows, from, n, scaler);
            Matrix out = s.forward(blas, stochastic, n, rng);
            for (int r = 0; r < n; r++) {
                float[] y = s.finishRow(out, r, spec.task(), scaler);
                for (int j = 0; j < k; j++) {
                    sum[r * k + j] += y[j];
                    squares[r * k + j] += (double) y[j] * y[j];
                }
            }
        }
        for (int i = 0; i < n * k; i++) {
            double m = sum[i] / samples;
            mean[from + i / k][i % k] = (float) m;
            std[from + i / k][i % k] = (float) Math.sqrt(Math.max(0, squares[i] / samples - m * m));
        }
    }

    /**
     * Outputs for already-scaled rows (training evaluation, on the run's BLAS): probabilities, or regression values
     * in target units.
     */
    void predictScaled(Blas blas, float[] scaledX, int[] indices, float[] out) {
        InferenceScratch s = scratch(indices.length);
        int k = spec.outputSize();
        for (int from = 0; from < indices.length; from += CHUNK) {
            int n = Math.min(CHUNK, indices.length - from);
            s.loadScaled(scaledX, indices, from, n);
            Matrix result = s.forward(blas, deterministic, n, null);
            for (int r = 0; r < n; r++) {
                System.arraycopy(s.finishRow(result, r, spec.task(), scaler), 0, out, (from + r) * k, k);
            }
        }
    }

    /**
     * This thread's buffers, sized for {@code rows} (at most {@link #CHUNK}): a thread serving single rows holds a
     * few kilobytes, not a full chunk.
     */
    private InferenceScratch scratch(int rows) {
        int needed = Math.max(1, Math.min(CHUNK, rows));
        InferenceScratch s = scratch.get();
        if (s == null || s.capacity < needed) {
            s = new InferenceScratch(spec, needed);
            scratch.set(s);
        }
        return s;
    }

    private void checkRows(float[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != spec.inputSize()) {
                throw new IllegalArgumentException("row " + r + " has " + (rows[r] == null ? 0 : rows[r].length)
                        + " values; the model expects " + spec.inputSize() + " features");
            }
        }
    }
}
