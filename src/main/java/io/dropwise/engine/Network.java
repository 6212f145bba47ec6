package io.dropwise.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The training-time network: [input dropout] → per hidden layer dense → [batch norm] → activation → [dropout] →
 * output dense → fused loss. Buffers are allocated once for {@code maxBatch} rows and reused by every step.
 * The parameter state is exchanged as float arrays in a canonical order (see {@link #exportState()}).
 */
final class Network {

    final NetworkSpec spec;
    final Matrix input;
    private final Dropout inputDropout;
    private final Dense[] dense;
    private final BatchNorm[] norm;
    private final Matrix[] activated;
    private final Dropout[] dropout;
    private final Dense output;
    private final Matrix outputGradient;
    private final List<Param> params = new ArrayList<>();
    private final Blas blas;

    Network(NetworkSpec spec, int maxBatch, Blas blas) {
        this.spec = spec;
        this.blas = blas;
        int layers = spec.hiddenLayers().size();
        this.input = new Matrix(maxBatch, spec.inputSize());
        this.inputDropout = spec.inputDropProbability() > 0
                ? new Dropout(spec.inputDropProbability(), spec.dropoutScaling(), maxBatch, spec.inputSize())
                : null;
        this.dense = new Dense[layers];
        this.norm = new BatchNorm[layers];
        this.activated = new Matrix[layers];
        this.dropout = new Dropout[layers];
        int in = spec.inputSize();
        for (int l = 0; l < layers; l++) {
            LayerSpec layer = spec.hiddenLayers().get(l);
            dense[l] = new Dense(in, layer.units(), maxBatch, l > 0, blas);
            params.add(dense[l].w);
            params.add(dense[l].b);
            if (layer.batchNorm()) {
                norm[l] = new BatchNorm(layer.units(), maxBatch);
                params.add(norm[l].gamma);
                params.add(norm[l].beta);
            }
            activated[l] = new Matrix(maxBatch, layer.units());
            if (layer.dropProbability() > 0) {
                dropout[l] = new Dropout(layer.dropProbability(), spec.dropoutScaling(), maxBatch, layer.units());
            }
            in = layer.units();
        }
        this.output = new Dense(in, spec.outputSize(), maxBatch, layers > 0, blas);
        params.add(output.w);
        params.add(output.b);
        this.outputGradient = new Matrix(maxBatch, spec.outputSize());
    }

    void initialize(Rng rng) {
        for (int l = 0; l < dense.length; l++) {
            dense[l].initialize(spec.hiddenLayers().get(l).activation(), rng);
        }
        output.initialize(Activation.LINEAR, rng);
    }

    /** Trainable parameters in canonical order. */
    List<Param> params() {
        return params;
    }

    /** Training-mode forward (fresh dropout masks from {@code rng}) and backward; returns the mean batch loss. */
    double forwardBackward(int rows, int[] labels, float[] targets, Rng rng) {
        Matrix logits = forward(rows, rng);
        double loss = labels != null
                ? Loss.softmaxCrossEntropy(logits, labels, rows, outputGradient)
                : Loss.meanSquaredError(logits, targets, rows, outputGradient);
        backward(rows);
        return loss;
    }

    private Matrix forward(int rows, Rng rng) {
        Matrix h = inputDropout != null ? inputDropout.forward(input, rows, rng, blas) : input;
        for (int l = 0; l < dense.length; l++) {
            Matrix z = dense[l].forward(h, rows); // (rows, units)
            Matrix zn = norm[l] != null ? norm[l].forward(z, rows) : z;
            Activation activation = spec.hiddenLayers().get(l).activation();
            if (dropout[l] != null && activation == Activation.RELU) {
                h = dropout[l].forwardRelu(zn, rows, rng, blas);
                continue;
            }
            Activations.forward(activation, zn, activated[l], rows * zn.cols, blas);
            h = dropout[l] != null ? dropout[l].forward(activated[l], rows, rng, blas) : activated[l];
        }
        return output.forward(h, rows); // (rows, outputs)
    }

    private void backward(int rows) {
        Matrix g = output.backward(outputGradient, rows); // (rows, units of the last hidden layer)
        for (int l = dense.length - 1; l >= 0; l--) {
            Matrix zn = norm[l] != null ? norm[l].y : dense[l].z;
            Activation activation = spec.hiddenLayers().get(l).activation();
            if (dropout[l] != null && activation == Activation.RELU) {
                dropout[l].backwardRelu(zn, g, rows, blas);
            } else {
                if (dropout[l] != null) {
                    dropout[l].backward(g, rows, blas);
                }
                Activations.backward(activation, zn, activated[l], g, rows * g.cols, blas);
            }
            if (norm[l] != null) {
                g = norm[l].backward(g, rows);
            }
            g = dense[l].backward(g, rows);
        }
    }

    /**
     * A hash of which hidden pre-activations of the last forward pass were positive: two passes with the same
     * signature crossed no ReLU-family kink (used by gradient checks to skip non-differentiable points).
     */
    long activationPattern(int rows) {
        long hash = 1;
        for (int l = 0; l < dense.length; l++) {
            Matrix zn = norm[l] != null ? norm[l].y : dense[l].z;
            for (int i = 0; i < rows * zn.cols; i++) {
                hash = hash * 31 + (zn.get(i) > 0f ? 1 : 0);
            }
        }
        return hash;
    }

    /**
     * Canonical state: per hidden layer W (out·in), b, and with batch norm γ, β, running mean, running variance;
     * then the output layer's W and b.
     */
    float[][] exportState() {
        List<Matrix> all = stateMatrices();
        float[][] state = new float[all.size()][];
        for (int i = 0; i < state.length; i++) {
            state[i] = all.get(i).toArray();
        }
        return state;
    }

    void importState(float[][] state) {
        List<Matrix> all = stateMatrices();
        if (state.length != all.size()) {
            throw new IllegalArgumentException(
                    "state has " + state.length + " tensors, the network needs " + all.size());
        }
        for (int i = 0; i < state.length; i++) {
            all.get(i).copyFrom(state[i]);
        }
    }

    private List<Matrix> stateMatrices() {
        List<Matrix> all = new ArrayList<>();
        for (int l = 0; l < dense.length; l++) {
            all.add(dense[l].w.value);
            all.add(dense[l].b.value);
            if (norm[l] != null) {
                all.addAll(List.of(norm[l].gamma.value, norm[l].beta.value, norm[l].runningMean, norm[l].runningVar));
            }
        }
        all.add(output.w.value);
        all.add(output.b.value);
        return all;
    }
}
