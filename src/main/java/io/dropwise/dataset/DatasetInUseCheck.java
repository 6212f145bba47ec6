package io.dropwise.dataset;

/**
 * Implemented by the training and sweep features so that a dataset used by a queued or running job or by an unfinished
 * sweep cannot be deleted, without the dataset feature depending on them.
 */
public interface DatasetInUseCheck {

    /** Whether the dataset is used by something that still needs it (the deletion then answers 409). */
    boolean inUse(String datasetId);
}
