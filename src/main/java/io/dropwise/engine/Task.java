package io.dropwise.engine;

/** Classification: softmax + cross-entropy output. Regression: linear output + mean squared error. */
public enum Task {
    CLASSIFICATION,
    REGRESSION
}
