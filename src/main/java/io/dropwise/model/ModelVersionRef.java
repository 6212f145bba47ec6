package io.dropwise.model;

/** A resolved model version: the name and the concrete version number. */
public record ModelVersionRef(String name, int version) {}
