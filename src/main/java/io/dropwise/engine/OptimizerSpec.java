package io.dropwise.engine;

/**
 * An optimizer and its hyperparameters.
 *
 * @param momentum SGD momentum (0 = plain SGD)
 * @param nesterov SGD Nesterov momentum
 * @param beta1 Adam/AdamW first-moment decay
 * @param beta2 Adam/AdamW second-moment decay
 * @param epsilon Adam/AdamW denominator term
 * @param weightDecay AdamW's decoupled weight decay (ignored by the others; use L2 there)
 */
public record OptimizerSpec(
        Type type,
        double learningRate,
        double momentum,
        boolean nesterov,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay) {

    public enum Type {
        SGD,
        ADAM,
        ADAMW
    }

    public static OptimizerSpec sgd(double learningRate, double momentum, boolean nesterov) {
        return new OptimizerSpec(Type.SGD, learningRate, momentum, nesterov, 0.9, 0.999, 1e-8, 0);
    }

    public static OptimizerSpec adam(double learningRate) {
        return new OptimizerSpec(Type.ADAM, learningRate, 0, false, 0.9, 0.999, 1e-8, 0);
    }

    public static OptimizerSpec adamw(double learningRate, double weightDecay) {
        return new OptimizerSpec(Type.ADAMW, learningRate, 0, false, 0.9, 0.999, 1e-8, weightDecay);
    }
}
