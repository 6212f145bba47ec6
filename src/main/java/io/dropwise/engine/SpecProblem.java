package io.dropwise.engine;

/**
 * One thing wrong with a spec.
 *
 * @param field the engine's name of the parameter, as a path into the specs: {@code epochs},
 *     {@code optimizer.momentum}, {@code schedule.gamma}, {@code hiddenLayers[2].units}, {@code outputSize}
 * @param message what is wrong and what to change, without the field name (e.g. "must be in [0, 1), got 1.0")
 */
public record SpecProblem(String field, String message) {

    @Override
    public String toString() {
        return field + " " + message;
    }
}
