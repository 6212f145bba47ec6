package io.dropwise.training;

import io.dropwise.engine.SpecProblem;
import io.dropwise.web.ProblemHandler.FieldProblem;

/**
 * Turns an engine refusal into a job-spec field problem. The engine checks its specs as a library must and names
 * its own parameters; this maps them to the API's, so that a range rule lives only in the engine and still reaches
 * the client with the field to fix.
 */
final class EngineFields {

    private EngineFields() {}

    static FieldProblem of(SpecProblem problem) {
        String field = field(problem.field());
        // a problem the client fixes by choosing another dataset names the engine parameter, or it would not say why
        return new FieldProblem(field, field.equals("datasetId") ? problem.toString() : problem.message());
    }

    /** The API field of an engine parameter path (e.g. {@code hiddenLayers[1].dropProbability}). */
    static String field(String engineField) {
        if (engineField.startsWith("hiddenLayers")) {
            return "model." + engineField.replace(".dropProbability", ".dropout");
        }
        if (engineField.startsWith("schedule.")) {
            return "training.learningRateSchedule." + engineField.substring("schedule.".length());
        }
        return switch (engineField) {
            case "inputDropProbability" -> "model.inputDropout";
            case "inputSize", "outputSize", "task" -> "datasetId";
            case "networkSpec", "trainingSpec" -> "training";
            default -> "training." + engineField;
        };
    }
}
