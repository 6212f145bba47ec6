package io.dropwise.dataset;

import java.util.Optional;

/** What other features may ask of the dataset store. */
public interface DatasetProvider {

    boolean exists(String datasetId);

    /**
     * Decodes a stored dataset for training.
     *
     * @throws DatasetNotFoundException (a 404 problem) when there is no such dataset
     */
    LoadedDataset load(String datasetId);

    /**
     * The name, schema and row count of a stored dataset without decoding its rows; empty when there is none.
     * The default decodes the dataset; implementations should read only its metadata.
     */
    default Optional<DatasetDescription> describe(String datasetId) {
        if (!exists(datasetId)) {
            return Optional.empty();
        }
        LoadedDataset dataset = load(datasetId);
        return Optional.of(new DatasetDescription(
                dataset.id(), dataset.name(), dataset.schema(), dataset.data().rows()));
    }
}
