package io.dropwise.engine;

/** Input normalization fitted on the training split and stored with the model. */
public enum FeatureScaling {
    /** (x - mean) / std; a constant feature maps to 0. */
    STANDARDIZE,
    /** (x - min) / (max - min); a constant feature maps to 0. */
    MINMAX,
    NONE
}
