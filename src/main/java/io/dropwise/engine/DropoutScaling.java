package io.dropwise.engine;

/**
 * How dropout keeps expected activations equal between training and inference. {@code q} is the probability that
 * a mask keeps a unit: {@code 1 − p} with p rounded to the masks' resolution of 2⁻¹⁶.
 *
 * <ul>
 *   <li>{@link #INVERTED}: training multiplies kept units by {@code 1/q}; inference is the plain network. A
 *       max-norm c then corresponds to the paper's c/q (see {@link TrainingSpec#maxNorm()}).
 *   <li>{@link #WEIGHT_SCALING}: the 2014 paper's rule: no scaling in training; at inference the outgoing
 *       weights of a dropped layer are multiplied by the retain probability {@code q}.
 * </ul>
 */
public enum DropoutScaling {
    INVERTED,
    WEIGHT_SCALING
}
