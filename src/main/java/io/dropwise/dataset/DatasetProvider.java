package io.dropwise.dataset;

/** What other features may ask of the dataset store. */
public interface DatasetProvider {

    boolean exists(String datasetId);

    /**
     * Decodes a stored dataset for training.
     *
     * @throws DatasetNotFoundException (a 404 problem) when there is no such dataset
     */
    LoadedDataset load(String datasetId);
}
