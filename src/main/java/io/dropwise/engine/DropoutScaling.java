package io.dropwise.engine;

/**
 * How dropout keeps expected activations equal between training and inference.
 *
 * <ul>
 *   <li>{@link #INVERTED}: training multiplies kept units by {@code 1/(1-p)}; inference is the plain network.
 *   <li>{@link #WEIGHT_SCALING}: the 2014 paper's rule: no scaling in training; at inference the outgoing
 *       weights of a dropped layer are multiplied by the retain probability {@code 1-p}.
 * </ul>
 */
public enum DropoutScaling {
    INVERTED,
    WEIGHT_SCALING
}
