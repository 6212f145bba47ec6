package io.dropwise.prediction;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /models/{name}/predict} (latest version) and {@code /models/{name}/versions/{v}/predict} ({@code v}: a
 * number, {@code latest} or an alias). The arguments come from {@link PredictCallResolver}; the annotations only
 * describe them for the OpenAPI document.
 */
@RestController
class PredictController {

    private final PredictionService predictions;

    PredictController(PredictionService predictions) {
        this.predictions = predictions;
    }

    @PostMapping("/models/{name}/predict")
    @Parameter(name = "name", in = ParameterIn.PATH, required = true, description = "model name")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = PredictRequest.class)))
    PredictResponse predictLatest(@Parameter(hidden = true) PredictCall call) {
        return predictions.predict(call.name(), call.selector(), call.body());
    }

    @PostMapping("/models/{name}/versions/{version}/predict")
    @Parameter(name = "name", in = ParameterIn.PATH, required = true, description = "model name")
    @Parameter(
            name = "version",
            in = ParameterIn.PATH,
            required = true,
            description = "a version number, 'latest' or an alias")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = PredictRequest.class)))
    PredictResponse predict(@Parameter(hidden = true) PredictCall call) {
        return predictions.predict(call.name(), call.selector(), call.body());
    }
}
