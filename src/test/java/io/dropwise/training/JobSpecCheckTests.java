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
        return new DatasetDescription(
                "d",
                "d",
                new DatasetSchema(
                        Task.CLASSIFICATION,
                        "label",
                        IntStream.range(0, 3)
                                .mapToObj(i -> new Feature("f" + i, Feature.Kind.NUMERIC, null, 0, 1, -1, 1))
                                .toList(),
                        List.of(classes)),
                10);
    }

    @Test
    void problemsComeBackAsAListAndTheSpecWithItsDefaults() {
        JobSpecs.Checked checked = JobSpecs.check(
                new JobSpec(
                        null,
                        "d",
                        null,
                        new JobSpec.Training(
                                0, null, null, null, null, null, null, null, null, null, null, null, null, null)),
                dataset("a", "b"),
                LIMITS,
                1);
        assertThat(checked.problems()).extracting(FieldProblem::field).containsExactly("training.epochs");
        assertThat(checked.spec().name()).isEqualTo("d");
        assertThat(checked.spec().model().hiddenLayers()).hasSize(2);
        assertThat(JobSpecs.check(new JobSpec(null, "d", null, null), dataset("a", "b"), LIMITS, 1)
                        .problems())
                .isEmpty();
    }

    @Test
    void aRuleOnlyTheEngineKnowsIsAFieldProblem() {
        // one class: the service has no rule for it, the engine refuses an output layer of one class
        List<FieldProblem> problems = JobSpecs.check(new JobSpec(null, "d", null, null), dataset("only"), LIMITS, 1)
                .problems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("datasetId");
            assertThat(p.message()).contains("outputSize");
        });
    }

    @Test
    void engineParametersAreMappedToTheApiFields() {
        assertThat(EngineFields.field("hiddenLayers[2].dropProbability")).isEqualTo("model.hiddenLayers[2].dropout");
        assertThat(EngineFields.field("hiddenLayers[0].units")).isEqualTo("model.hiddenLayers[0].units");
        assertThat(EngineFields.field("inputDropProbability")).isEqualTo("model.inputDropout");
        assertThat(EngineFields.field("optimizer.momentum")).isEqualTo("training.optimizer.momentum");
        assertThat(EngineFields.field("schedule.gamma")).isEqualTo("training.learningRateSchedule.gamma");
        assertThat(EngineFields.field("earlyStopping.patience")).isEqualTo("training.earlyStopping.patience");
        assertThat(EngineFields.field("maxNorm")).isEqualTo("training.maxNorm");
        assertThat(EngineFields.field("outputSize")).isEqualTo("datasetId");
    }

    @Test
    void everyRangeProblemComesFromTheEngineAtOnceWithTheServiceLimits() {
        JobSpec.HiddenLayer bad = new JobSpec.HiddenLayer(0, null, 1.0, null);
        JobSpec.HiddenLayer huge = new JobSpec.HiddenLayer(5000, null, null, null);
        JobSpec.OptimizerSettings optimizer =
                new JobSpec.OptimizerSettings(null, Double.NaN, 1.0, null, null, null, null, null);
        List<FieldProblem> problems = JobSpecs.check(
                        new JobSpec(
                                null,
                                "d",
                                new JobSpec.ModelSettings(-0.5, List.of(bad, huge)),
                                new JobSpec.Training(
                                        0, null, optimizer, null, null, null, null, null, null, null, null, null, null,
                                        null)),
                        dataset("a", "b"),
                        LIMITS,
                        1)
                .problems();
        // the service's own first (the layer's dropout is asked of the engine before the layer can exist), then the
        // engine's, in the engine's order
        assertThat(problems)
                .extracting(FieldProblem::field)
                .containsExactly(
                        "model.inputDropout",
                        "model.hiddenLayers[0].dropout",
                        "model.hiddenLayers[1].units",
                        "model.hiddenLayers[0].units",
                        "training.epochs",
                        "training.optimizer.learningRate",
                        "training.optimizer.momentum");
        assertThat(problems.get(2).message()).contains("dropwise.limits.max-units-per-layer");
        assertThat(problems.get(3).message()).isEqualTo("must be at least 1, got 0");
    }
}
