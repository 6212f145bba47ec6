package io.dropwise.model;

/**
 * A resolved version and the id of its stored row: a model deleted and registered again under the same name reuses
 * version numbers, never row ids, so a cache keyed on this never serves the deleted model's bytes.
 *
 * @param id the {@code model_version} row id (-1 when not known)
 */
public record StoredVersion(ModelVersionRef ref, long id) {}
