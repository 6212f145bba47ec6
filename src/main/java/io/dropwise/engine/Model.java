package io.dropwise.engine;

/**
 * A trained network with its feature scaler: immutable and safe to share between threads. Inference has dropout
 * off and batch norm on running statistics, so the same input always gives bit-identical output.
 */
public final class Model {

    private Model() {}

    public NetworkSpec spec() {
        throw new IllegalStateException("engine: model pending");
    }

    /** Number of (encoded) input features a row must have. */
    public int inputSize() {
        return spec().inputSize();
    }

    /**
     * Deterministic inference on raw (unscaled, encoded) rows: class probabilities (softmax) for classification,
     * the predicted value for regression. Returns {@code rows} arrays of {@code outputSize} values.
     */
    public float[][] predict(float[][] rows) {
        throw new IllegalStateException("engine: predict pending");
    }

    /**
     * Monte-Carlo dropout (Gal and Ghahramani 2016): {@code samples} stochastic passes with training-mode dropout
     * masks from a generator seeded with {@code seed}, batch norm in inference mode.
     */
    public McPrediction predictMonteCarlo(float[][] rows, int samples, long seed) {
        throw new IllegalStateException("engine: mc pending");
    }
}
