package io.dropwise.model;

import io.dropwise.dataset.DatasetSchema;

/** A stored version as prediction loads it: the schema the model was trained on and the encoded model. */
public record ServableVersion(ModelVersionRef ref, DatasetSchema schema, byte[] modelData) {}
