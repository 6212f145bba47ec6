package io.dropwise.dataset;

import io.dropwise.web.ApiException;
import org.springframework.http.HttpStatus;

public class DatasetNotFoundException extends ApiException {

    public DatasetNotFoundException(String datasetId) {
        super(
                HttpStatus.NOT_FOUND,
                "dataset-not-found",
                "Dataset not found",
                "No dataset with id '" + datasetId + "'. GET /datasets lists the available ones.");
    }
}
