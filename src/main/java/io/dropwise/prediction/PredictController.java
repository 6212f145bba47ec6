package io.dropwise.prediction;

import io.dropwise.model.VersionSelector;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /models/{name}/predict} (latest version) and {@code /models/{name}/versions/{v}/predict}. */
@RestController
class PredictController {

    private final PredictionService predictions;

    PredictController(PredictionService predictions) {
        this.predictions = predictions;
    }

    @PostMapping("/models/{name}/predict")
    PredictResponse predictLatest(@PathVariable String name, @RequestBody PredictRequest request) {
        return predictions.predict(name, VersionSelector.LATEST, request);
    }

    @PostMapping("/models/{name}/versions/{version}/predict")
    PredictResponse predict(
            @PathVariable String name, @PathVariable String version, @RequestBody PredictRequest request) {
        return predictions.predict(name, VersionSelector.parse(version, name), request);
    }
}
