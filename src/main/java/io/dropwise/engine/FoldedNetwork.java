package io.dropwise.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic network of a {@link Model} as plain numbers, for exporting it to another runtime: exactly the
 * weights {@link Model#predict} multiplies with (batch norm's running statistics folded in, and with
 * {@link DropoutScaling#WEIGHT_SCALING} the incoming weights of every layer after a dropped one multiplied by the
 * retain probability), layer by layer. A row {@code x} goes through {@code x' = (x − inputOffsets) · inputScales},
 * then {@code h = activation(h·Wᵀ + b)} per layer (the output layer is linear), then softmax (classification) or
 * {@code h · targetStd + targetMean} (regression).
 */
public record FoldedNetwork(
        NetworkSpec spec,
        float[] inputOffsets,
        float[] inputScales,
        float targetMean,
        float targetStd,
        List<Layer> layers) {

    /**
     * One dense layer: {@code weights} is (out, in) row-major, so output unit {@code u} is
     * {@code activation(Σ_j x[j]·weights[u·in + j] + biases[u])}.
     */
    public record Layer(int in, int out, float[] weights, float[] biases, Activation activation) {}

    /** The slope of {@link Activation#LEAKY_RELU} below 0. */
    public static final float LEAKY_SLOPE = Activations.LEAKY_SLOPE;

    public FoldedNetwork {
        layers = List.copyOf(layers);
    }

    /** Folds the model's canonical state the way its deterministic inference does (the same code, the same floats). */
    public static FoldedNetwork of(Model model) {
        NetworkSpec spec = model.spec;
        InferenceLayer[] folded = Model.fold(
                spec,
                model.state,
                spec.dropoutScaling() == DropoutScaling.WEIGHT_SCALING,
                new InferenceLayer[spec.hiddenLayers().size() + 1]);
        List<Layer> layers = new ArrayList<>(folded.length);
        for (InferenceLayer l : folded) {
            layers.add(new Layer(l.in, l.out, l.w.toArray(), l.b.toArray(), l.activation));
        }
        return new FoldedNetwork(
                spec, model.inputOffsets(), model.inputScales(), model.targetMean(), model.targetStd(), layers);
    }
}
