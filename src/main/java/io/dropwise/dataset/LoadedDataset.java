package io.dropwise.dataset;

import io.dropwise.engine.Dataset;

/** A stored dataset decoded for training: its schema and its encoded rows. */
public record LoadedDataset(String id, String name, DatasetSchema schema, Dataset data) {}
