package io.dropwise.engine;

/**
 * One hidden layer: dense → (batch norm) → activation → dropout.
 *
 * @param dropProbability probability of <em>dropping</em> each unit of this layer's output during training, in
 *     [0, 1) (the PyTorch/Keras meaning, not Deeplearning4j's retain probability)
 */
public record LayerSpec(int units, Activation activation, double dropProbability, boolean batchNorm) {

    /**
     * Drop probabilities (of a layer or of the input) must be below this, 1 − 2⁻¹⁷: masks are drawn from 16-bit
     * uniforms, so p is applied as round(p·2¹⁶)/2¹⁶ and anything from here up would drop every unit.
     */
    public static final double DROP_PROBABILITY_LIMIT = 1 - 0x1p-17;

    /**
     * @throws IllegalArgumentException when {@code dropProbability} is not in [0, 1) (1, negative or NaN) or rounds to
     *     1 (see {@link #DROP_PROBABILITY_LIMIT})
     */
    public LayerSpec {
        Specs.checkDropProbability("dropProbability", dropProbability);
    }
}
