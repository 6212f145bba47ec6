package io.dropwise.engine;

/**
 * One hidden layer: dense → (batch norm) → activation → dropout.
 *
 * @param dropProbability probability of <em>dropping</em> each unit of this layer's output during training, in
 *     [0, 1) (the PyTorch/Keras meaning, not Deeplearning4j's retain probability)
 */
public record LayerSpec(int units, Activation activation, double dropProbability, boolean batchNorm) {

    /** @throws IllegalArgumentException when {@code dropProbability} is not in [0, 1) (1, negative or NaN) */
    public LayerSpec {
        Specs.checkDropProbability("dropProbability", dropProbability);
    }
}
