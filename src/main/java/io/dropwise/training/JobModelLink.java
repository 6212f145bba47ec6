package io.dropwise.training;

import java.util.List;

/**
 * Lets the model registry tell the training feature which model version a job produced, without training depending
 * on the registry. Call it from the {@link JobSucceeded} listener, inside the same transaction.
 */
public interface JobModelLink {

    void attachModelVersion(String jobId, String modelName, int version);

    /**
     * The registry deleted these versions (inside its deleting transaction): jobs that registered one of them no longer
     * name it, so a job never points at a version that is gone or, once the name is registered anew, at another model.
     */
    void detachModelVersions(String modelName, List<Integer> versions);
}
