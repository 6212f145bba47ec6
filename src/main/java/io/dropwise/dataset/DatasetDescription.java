package io.dropwise.dataset;

/** What a stored dataset is, without its rows: enough to validate a job spec against it. */
public record DatasetDescription(String id, String name, DatasetSchema schema, int rows) {}
