package io.dropwise.training;

/**
 * Lets the model registry tell the training feature which model version a job produced, without training depending
 * on the registry. Call it from the {@link JobSucceeded} listener, inside the same transaction.
 */
public interface JobModelLink {

    void attachModelVersion(String jobId, String modelName, int version);
}
