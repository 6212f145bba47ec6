package io.dropwise.prediction;

import io.dropwise.model.VersionSelector;

/**
 * The arguments of a {@code /predict} call: the model name and version segment from the path, and the parsed body.
 * Resolved by {@link PredictCallResolver} rather than by {@code @PathVariable} and {@code @RequestBody}, whose
 * generic machinery (data binders, converter negotiation, body advice) cost more than the prediction itself.
 */
record PredictCall(String name, VersionSelector selector, PredictBody body) {}
