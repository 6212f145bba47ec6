package io.dropwise.engine;

/**
 * A trainable tensor and its gradient. Weights ({@code isWeight}) get L1/L2 penalties and max-norm (each row of a
 * weight matrix is one unit's incoming weight vector); biases and batch-norm scale/shift do not.
 */
final class Param {

    final Matrix value;
    final Matrix grad;
    final boolean isWeight;
    /** True when the layer computes this gradient with BLAS and can accumulate it into another buffer. */
    final boolean fusable;
    /** Where the layer writes the gradient: {@code target = gradient + targetBeta · target}. */
    Matrix gradientTarget;

    float targetBeta;

    Param(int rows, int cols, boolean isWeight) {
        this(rows, cols, isWeight, false);
    }

    Param(int rows, int cols, boolean isWeight, boolean fusable) {
        this.value = new Matrix(rows, cols);
        this.grad = new Matrix(rows, cols);
        this.isWeight = isWeight;
        this.fusable = fusable;
        this.gradientTarget = grad;
    }

    /**
     * Lets the layer's gradient product accumulate straight into {@code target} (SGD momentum: the velocity, with
     * beta = μ), saving a pass over the gradient.
     */
    void accumulateGradientInto(Matrix target, float beta) {
        this.gradientTarget = target;
        this.targetBeta = beta;
    }

    int size() {
        return value.size();
    }
}
