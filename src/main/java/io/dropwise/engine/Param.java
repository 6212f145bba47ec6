package io.dropwise.engine;

/**
 * A trainable tensor and its gradient. Weights ({@code isWeight}) get L1/L2 penalties and max-norm (each row of a
 * weight matrix is one unit's incoming weight vector); biases and batch-norm scale/shift do not.
 */
final class Param {

    final Matrix value;
    final Matrix grad;
    final boolean isWeight;

    Param(int rows, int cols, boolean isWeight) {
        this.value = new Matrix(rows, cols);
        this.grad = new Matrix(rows, cols);
        this.isWeight = isWeight;
    }

    int size() {
        return value.size();
    }
}
