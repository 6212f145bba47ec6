package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.config.LimitsProperties;
import io.dropwise.dataset.DatasetDescription;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.engine.Task;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link JobSpecs#check}: a plain function of (spec, dataset, limits) that returns every problem without throwing
 * (what a sweep calls per grid point), with the engine's own refusals named as fields.
 */
class JobSpecCheckTests {

    private static final LimitsProperties LIMITS =
            new LimitsProperties(50_000_000, 4096, 16, 10_000, 8192, 67_108_864, 1_000_000, 4096, 1024, 1000, 100);

    private static DatasetDescription dataset(String... classes) {
        return new DatasetDescription("d", "d", new DatasetSchema(Task.CLASSIFICATION, "label",
                IntStream.range(0, 3).mapToObj(i -> new Feature("f" + i, Feature.Kind.NUMERIC, null, 0, 1, -1, 1))
                        .toList(),
                List.of(classes)), 10);
    }

    @Test
    void problemsComeBackAsAListAndTheSpecWithItsDefaults() {
        JobSpecs.Checked checked = JobSpecs.check(new JobSpec(null, "d", null,
                new JobSpec.Training(0, null, null, null, null, null, null, null, null, null, null, null, null, null)),
                dataset("a", "b"), LIMITS, 1);
        assertThat(checked.problems()).extracting(FieldProblem::field).containsExactly("training.epochs");
        assertThat(checked.spec().name()).isEqualTo("d");
        assertThat(checked.spec().model().hiddenLayers()).hasSize(2);
        assertThat(JobSpecs.check(new JobSpec(null, "d", null, null), dataset("a", "b"), LIMITS, 1).problems())
                .isEmpty();
    }

    @Test
    void aRuleOnlyTheEngineKnowsIsAFieldProblem() {
        // one class: the service has no rule for it, the engine refuses an output layer of one class
        List<FieldProblem> problems =
                JobSpecs.check(new JobSpec(null, "d", null, null), dataset("only"), LIMITS, 1).problems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("datasetId");
            assertThat(p.message()).contains("outputSize");
        });
    }

    @Test
    void engineMessagesAreMappedToTheApiFields() {
        assertThat(EngineFields.of("hidden layer 2 dropProbability is the probability of dropping a unit"))
                .isEqualTo("model.hiddenLayers[2].dropout");
        assertThat(EngineFields.of("hidden layer 0 needs at least 1 unit")).isEqualTo("model.hiddenLayers[0]");
        assertThat(EngineFields.of("inputDropProbability is the probability")).isEqualTo("model.inputDropout");
        assertThat(EngineFields.of("momentum must be in [0, 1)")).isEqualTo("training.optimizer.momentum");
        assertThat(EngineFields.of("maxNorm must be >= 0 (0 disables it)")).isEqualTo("training.maxNorm");
        assertThat(EngineFields.of("something new")).isEqualTo("training");
    }
}
