package io.dropwise.model;

import io.dropwise.web.ApiException;
import org.springframework.http.HttpStatus;

/** 404: no model of that name has been registered. */
public class ModelNotFoundException extends ApiException {

    public ModelNotFoundException(String name) {
        super(
                HttpStatus.NOT_FOUND,
                "model-not-found",
                "Model not found",
                "No model named '" + name + "'. GET /models lists the registered models; a model appears when a "
                        + "training job that names it succeeds.");
    }
}
