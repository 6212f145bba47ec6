package io.dropwise.dataset;

/**
 * Implemented by the training feature so that a dataset used by a queued or running job cannot be deleted, without
 * the dataset feature depending on training.
 */
public interface DatasetInUseCheck {

    boolean usedByActiveJob(String datasetId);
}
