package io.dropwise.engine;

import java.util.List;

/**
 * The architecture of a multilayer perceptron.
 *
 * @param inputSize number of (encoded) input features
 * @param outputSize number of classes for classification, 1 for regression
 * @param inputDropProbability probability of dropping each input feature during training, in [0, 1) and below
 *     {@link LayerSpec#DROP_PROBABILITY_LIMIT}
 */
public record NetworkSpec(
        int inputSize,
        int outputSize,
        Task task,
        double inputDropProbability,
        List<LayerSpec> hiddenLayers,
        DropoutScaling dropoutScaling) {

    /** @throws IllegalArgumentException when {@code inputDropProbability} is not in [0, 1) or rounds to 1 */
    public NetworkSpec {
        hiddenLayers = List.copyOf(hiddenLayers);
        Specs.checkDropProbability("inputDropProbability", inputDropProbability);
    }

    /** Weights and biases (and batch-norm scale/shift) that training updates. */
    public long parameterCount() {
        long count = 0;
        int in = inputSize;
        for (LayerSpec layer : hiddenLayers) {
            count += (long) in * layer.units() + layer.units();
            if (layer.batchNorm()) {
                count += 2L * layer.units();
            }
            in = layer.units();
        }
        return count + (long) in * outputSize + outputSize;
    }

    /** Floats of the canonical state: the parameters and, per batch-norm layer, its running mean and variance. */
    public long stateFloats() {
        long running = 0;
        for (LayerSpec layer : hiddenLayers) {
            running += layer.batchNorm() ? 2L * layer.units() : 0;
        }
        return parameterCount() + running;
    }
}
