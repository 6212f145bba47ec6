package io.dropwise.model;

import io.dropwise.web.ApiException;
import org.springframework.http.HttpStatus;

/** 404: the model exists but has no such version number or alias. */
public class ModelVersionNotFoundException extends ApiException {

    public ModelVersionNotFoundException(String name, String versionOrAlias) {
        super(
                HttpStatus.NOT_FOUND,
                "model-version-not-found",
                "Model version not found",
                "Model '" + name + "' has no version or alias '" + versionOrAlias + "'. Use a version number, "
                        + "'latest' or an alias; GET /models/" + name + " lists them.");
    }
}
