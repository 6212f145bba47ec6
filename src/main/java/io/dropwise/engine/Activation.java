package io.dropwise.engine;

/** Hidden-layer activation functions. The output layer's activation follows from the {@link Task}. */
public enum Activation {
    RELU,
    LEAKY_RELU,
    ELU,
    TANH,
    SIGMOID,
    LINEAR
}
