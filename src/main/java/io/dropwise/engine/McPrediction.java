package io.dropwise.engine;

/**
 * Monte-Carlo dropout result per row and output: the mean and standard deviation over the stochastic passes.
 * For classification the mean is the averaged probabilities.
 */
public record McPrediction(float[][] mean, float[][] std, int samples) {}
