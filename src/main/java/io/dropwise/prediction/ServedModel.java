package io.dropwise.prediction;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.Model;
import io.dropwise.engine.Task;
import io.dropwise.model.ModelVersionRef;

/**
 * A decoded model version ready to serve, with what requests are checked against: its schema (feature names,
 * categories, classes) and its encoded input width.
 *
 * @param numericOnly every feature is numeric, so a positional instance maps one value to one input
 * @param sizeBytes the encoded size, which is what the loaded-model cache counts
 */
record ServedModel(
        ModelVersionRef ref,
        Model model,
        DatasetSchema schema,
        Task task,
        String[] classes,
        int inputWidth,
        boolean numericOnly,
        long sizeBytes) {

    static ServedModel of(ModelVersionRef ref, Model model, DatasetSchema schema, long sizeBytes) {
        boolean numericOnly = schema.features().stream().allMatch(f -> f.kind() == DatasetSchema.Feature.Kind.NUMERIC);
        return new ServedModel(
                ref,
                model,
                schema,
                schema.task(),
                schema.classes().toArray(String[]::new),
                model.inputSize(),
                numericOnly && schema.features().size() == model.inputSize(),
                sizeBytes);
    }

    boolean classification() {
        return task == Task.CLASSIFICATION;
    }

    int outputs() {
        return classification() ? classes.length : 1;
    }
}
