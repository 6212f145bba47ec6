package io.dropwise.model;

import io.dropwise.model.ModelViews.NormalizationView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Describes the input scaling a trained model applies, once, when its version is registered. */
@Component
class ModelNormalization {

    static final String FORMULA = "(x - offset) * scale";

    private final ObjectMapper json;

    ModelNormalization(ObjectMapper json) {
        this.json = json;
    }

    NormalizationView describe(ModelRegistration registration) {
        return new NormalizationView(method(registration.specJson()), FORMULA, null, null);
    }

    private String method(String specJson) {
        JsonNode scaling = json.readTree(specJson).path("training").path("featureScaling");
        return scaling.isString() ? scaling.asString() : "standardize";
    }
}
