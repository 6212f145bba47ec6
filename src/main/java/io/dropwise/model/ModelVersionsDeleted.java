package io.dropwise.model;

import java.util.List;

/**
 * Published inside the transaction that deletes versions of a model (one version, or all of them with the model).
 * Prediction drops the decoded models after the commit.
 */
public record ModelVersionsDeleted(String name, List<Integer> versions) {}
