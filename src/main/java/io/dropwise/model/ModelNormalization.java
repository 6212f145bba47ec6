package io.dropwise.model;

import io.dropwise.engine.Model;
import io.dropwise.engine.ModelCodec;
import io.dropwise.engine.Task;
import io.dropwise.model.ModelViews.InputScalingView;
import io.dropwise.model.ModelViews.NormalizationView;
import io.dropwise.model.ModelViews.TargetScalingView;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Describes the input scaling a trained model applies, once, when its version is registered (so describing a
 * version never decodes the model). Also rejects model bytes that do not decode or do not fit the schema.
 */
@Component
class ModelNormalization {

    static final String FORMULA = "(x - offset) * scale";

    private final ObjectMapper json;

    ModelNormalization(ObjectMapper json) {
        this.json = json;
    }

    NormalizationView describe(ModelRegistration registration) {
        Model model = ModelCodec.decode(registration.modelData());
        List<String> names = registration.schema().encodedFeatureNames();
        if (model.inputSize() != names.size()) {
            throw new IllegalArgumentException(
                    "model expects " + model.inputSize() + " inputs but the schema encodes " + names.size());
        }
        float[] offsets = model.inputOffsets();
        float[] scales = model.inputScales();
        List<InputScalingView> inputs = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            inputs.add(new InputScalingView(names.get(j), offsets[j], scales[j]));
        }
        TargetScalingView target = model.spec().task() == Task.REGRESSION
                ? new TargetScalingView(model.targetMean(), model.targetStd())
                : null;
        return new NormalizationView(method(registration.specJson()), FORMULA, inputs, target);
    }

    private String method(String specJson) {
        JsonNode scaling = json.readTree(specJson).path("training").path("featureScaling");
        return scaling.isString() ? scaling.asString() : null;
    }
}
