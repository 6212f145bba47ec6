package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwise.config.LimitsProperties;
import io.dropwise.dataset.DatasetDescription;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.engine.Activation;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** Defaults, every validation rule and the mapping to the engine's specs, without Spring. */
class JobSpecsTests {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final LimitsProperties LIMITS =
            new LimitsProperties(50_000_000, 4096, 16, 10_000, 8192, 67_108_864, 1_000_000, 4096, 1024, 1000, 100);

    /** A 4-feature, 3-class dataset named like the built-in iris. */
    private static final DatasetDescription IRIS = new DatasetDescription(
            "iris",
            "iris",
            new DatasetSchema(
                    Task.CLASSIFICATION,
                    "species",
                    IntStream.range(0, 4)
                            .mapToObj(i -> new Feature("f" + i, Feature.Kind.NUMERIC, null, 0, 1, -1, 1))
                            .toList(),
                    List.of("a", "b", "c")),
            150);

    private static final Function<String, Optional<DatasetDescription>> DATASETS =
            id -> "iris".equals(id) ? Optional.of(IRIS) : Optional.empty();

    private static JobSpecs.Plan normalize(String json) {
        return JobSpecs.normalize(JSON.readValue(json, JobSpec.class), DATASETS, LIMITS, 0);
    }

    private static List<FieldProblem> problems(String json) {
        try {
            normalize(json);
        } catch (InvalidJobSpecException e) {
            @SuppressWarnings("unchecked")
            List<FieldProblem> errors =
                    (List<FieldProblem>) e.getBody().getProperties().get("errors");
            return errors;
        }
        throw new AssertionError("expected " + json + " to be rejected");
    }

    @Test
    void datasetIdAloneGetsEveryDocumentedDefault() {
        JobSpecs.Plan plan = normalize("{\"datasetId\": \"iris\"}");

        JobSpec spec = plan.spec();
        assertThat(spec.name()).isEqualTo("iris");
        assertThat(spec.model().inputDropout()).isEqualTo(0.2);
        assertThat(spec.model().hiddenLayers())
                .containsExactly(
                        new JobSpec.HiddenLayer(64, JobSpec.ActivationName.RELU, 0.5, false),
                        new JobSpec.HiddenLayer(64, JobSpec.ActivationName.RELU, 0.5, false));
        JobSpec.Training t = spec.training();
        assertThat(t.epochs()).isEqualTo(50);
        assertThat(t.batchSize()).isEqualTo(32);
        assertThat(t.optimizer())
                .isEqualTo(new JobSpec.OptimizerSettings(
                        JobSpec.OptimizerType.SGD, 0.05, 0.9, true, 0.9, 0.999, 1e-8, 0.0));
        assertThat(List.of(t.l1(), t.l2(), t.maxNorm(), t.validationFraction())).containsExactly(0.0, 1e-4, 3.0, 0.2);
        assertThat(t.earlyStopping())
                .isEqualTo(new JobSpec.EarlyStoppingSettings(10, JobSpec.EarlyStoppingMetric.VALIDATION_LOSS));
        assertThat(t.seed()).isEqualTo(42L);
        assertThat(t.checkpointEveryEpochs()).isEqualTo(1);
        assertThat(t.dropoutScaling()).isEqualTo(JobSpec.DropoutScalingMode.INVERTED);
        assertThat(t.featureScaling()).isEqualTo(JobSpec.FeatureScalingMode.STANDARDIZE);
        assertThat(t.learningRateSchedule())
                .isEqualTo(new JobSpec.ScheduleSettings(JobSpec.ScheduleType.CONSTANT, 10, 0.5, 0.0, null));
        assertThat(t.blasThreads()).isEqualTo(BlasThreads.AUTO);
    }

    @Test
    void theNormalizedSpecMapsToTheEngineSpecs() {
        JobSpecs.Plan plan = normalize("""
                {"datasetId": "iris", "name": "flowers",
                 "model": {"inputDropout": 0.1, "hiddenLayers": [
                    {"units": 16, "activation": "leaky_relu", "dropout": 0.3, "batchNorm": true}]},
                 "training": {"epochs": 7, "batchSize": 8,
                    "optimizer": {"type": "adamw", "learningRate": 0.01},
                    "dropoutScaling": "weight-scaling", "featureScaling": "minmax",
                    "earlyStopping": {"patience": 0, "metric": "validationAccuracy"},
                    "learningRateSchedule": {"type": "cosine", "minLearningRate": 0.001},
                    "seed": 7, "checkpointEveryEpochs": 0, "blasThreads": 2}}""");

        NetworkSpec network = plan.network();
        assertThat(network.inputSize()).isEqualTo(4);
        assertThat(network.outputSize()).isEqualTo(3);
        assertThat(network.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(network.inputDropProbability()).isEqualTo(0.1);
        assertThat(network.dropoutScaling()).isEqualTo(DropoutScaling.WEIGHT_SCALING);
        assertThat(network.hiddenLayers()).singleElement().satisfies(l -> {
            assertThat(l.units()).isEqualTo(16);
            assertThat(l.activation()).isEqualTo(Activation.LEAKY_RELU);
            assertThat(l.dropProbability()).isEqualTo(0.3);
            assertThat(l.batchNorm()).isTrue();
        });
        TrainingSpec training = plan.training();
        assertThat(training.optimizer())
                .isEqualTo(new OptimizerSpec(OptimizerSpec.Type.ADAMW, 0.01, 0, false, 0.9, 0.999, 1e-8, 0.01));
        assertThat(training.l2()).as("adamw decays through weightDecay, not L2").isZero();
        assertThat(training.schedule())
                .isEqualTo(new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 10, 0.5, 0.001));
        assertThat(training.earlyStopping()).isEqualTo(new EarlyStopping(0, EarlyStopping.Metric.VALIDATION_ACCURACY));
        assertThat(training.featureScaling()).isEqualTo(FeatureScaling.MINMAX);
        assertThat(List.of(
                        training.epochs(),
                        training.batchSize(),
                        training.checkpointEveryEpochs(),
                        training.blasThreads()))
                .containsExactly(7, 8, 0, 2);
        assertThat(training.seed()).isEqualTo(7);
        assertThat(plan.spec().name()).isEqualTo("flowers");
    }

    @Test
    void adamGetsItsOwnLearningRateAndNoMomentum() {
        JobSpec.OptimizerSettings o = normalize(
                        "{\"datasetId\": \"iris\", \"training\": {\"optimizer\": {\"type\": \"adam\"}}}")
                .spec()
                .training()
                .optimizer();
        assertThat(o.learningRate()).isEqualTo(0.001);
        assertThat(o.momentum()).isZero();
        assertThat(o.nesterov()).isFalse();
    }

    @Test
    void anEmptyHiddenLayerListIsALinearModel() {
        assertThat(normalize("{\"datasetId\": \"iris\", \"model\": {\"hiddenLayers\": []}}")
                        .network()
                        .hiddenLayers())
                .isEmpty();
    }

    @Test
    void theNormalizedSpecSurvivesAJsonRoundTripUnchanged() {
        JobSpec spec = normalize("{\"datasetId\": \"iris\", \"training\": {\"optimizer\": {\"type\": \"adam\"}}}")
                .spec();
        String json = JSON.writeValueAsString(spec);
        assertThat(json)
                .contains(
                        "\"activation\":\"relu\"",
                        "\"dropoutScaling\":\"inverted\"",
                        "\"metric\":\"validationLoss\"",
                        "\"type\":\"adam\"",
                        "\"type\":\"constant\"");
        JobSpec again = JobSpecs.normalize(JSON.readValue(json, JobSpec.class), DATASETS, LIMITS, 1)
                .spec();
        assertThat(again).isEqualTo(spec);
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                invalid(
                        "dropout 1.0",
                        "{'model': {'hiddenLayers': [{'dropout': 1.0}]}}",
                        "model.hiddenLayers[0].dropout"),
                invalid(
                        "negative dropout",
                        "{'model': {'hiddenLayers': [{'dropout': -0.1}]}}",
                        "model.hiddenLayers[0].dropout"),
                invalid(
                        "NaN dropout",
                        "{'model': {'hiddenLayers': [{'dropout': 'NaN'}]}}",
                        "model.hiddenLayers[0].dropout"),
                invalid("input dropout 1", "{'model': {'inputDropout': 1}}", "model.inputDropout"),
                invalid(
                        "dropout that the engine rounds to 1",
                        "{'model': {'hiddenLayers': [{'dropout': 0.999995}]}}",
                        "model.hiddenLayers[0].dropout"),
                invalid("infinite input drop", "{'model': {'inputDropout': 1e309}}", "model.inputDropout"),
                invalid("zero units", "{'model': {'hiddenLayers': [{'units': 0}]}}", "model.hiddenLayers[0].units"),
                invalid(
                        "too many units",
                        "{'model': {'hiddenLayers': [{'units': 4097}]}}",
                        "model.hiddenLayers[0].units"),
                invalid("zero epochs", "{'training': {'epochs': 0}}", "training.epochs"),
                invalid("too many epochs", "{'training': {'epochs': 10001}}", "training.epochs"),
                invalid("negative batch size", "{'training': {'batchSize': -5}}", "training.batchSize"),
                invalid("huge batch size", "{'training': {'batchSize': 100000}}", "training.batchSize"),
                invalid(
                        "zero learning rate",
                        "{'training': {'optimizer': {'learningRate': 0}}}",
                        "training.optimizer.learningRate"),
                invalid(
                        "infinite lr",
                        "{'training': {'optimizer': {'learningRate': 1e309}}}",
                        "training.optimizer.learningRate"),
                invalid("momentum 1", "{'training': {'optimizer': {'momentum': 1}}}", "training.optimizer.momentum"),
                invalid("beta2 NaN", "{'training': {'optimizer': {'beta2': 'NaN'}}}", "training.optimizer.beta2"),
                invalid("epsilon 0", "{'training': {'optimizer': {'epsilon': 0}}}", "training.optimizer.epsilon"),
                invalid(
                        "negative weightDecay",
                        "{'training': {'optimizer': {'weightDecay': -1}}}",
                        "training.optimizer.weightDecay"),
                invalid("negative l1", "{'training': {'l1': -0.1}}", "training.l1"),
                invalid("infinite l2", "{'training': {'l2': 1e309}}", "training.l2"),
                invalid("negative maxNorm", "{'training': {'maxNorm': -3}}", "training.maxNorm"),
                invalid("validation 1", "{'training': {'validationFraction': 1}}", "training.validationFraction"),
                invalid(
                        "negative patience",
                        "{'training': {'earlyStopping': {'patience': -1}}}",
                        "training.earlyStopping.patience"),
                invalid(
                        "negative checkpoints",
                        "{'training': {'checkpointEveryEpochs': -1}}",
                        "training.checkpointEveryEpochs"),
                invalid(
                        "zero step epochs",
                        "{'training': {'learningRateSchedule': {'stepEpochs': 0}}}",
                        "training.learningRateSchedule.stepEpochs"),
                invalid(
                        "zero schedule epochs",
                        "{'training': {'learningRateSchedule': {'type': 'cosine', 'epochs': 0}}}",
                        "training.learningRateSchedule.epochs"),
                invalid(
                        "negative schedule epochs",
                        "{'training': {'learningRateSchedule': {'epochs': -5}}}",
                        "training.learningRateSchedule.epochs"),
                invalid(
                        "schedule epochs above max-epochs",
                        "{'training': {'learningRateSchedule': {'type': 'cosine', 'epochs': 10001}}}",
                        "training.learningRateSchedule.epochs"),
                invalid(
                        "gamma above 1",
                        "{'training': {'learningRateSchedule': {'gamma': 2}}}",
                        "training.learningRateSchedule.gamma"),
                invalid("zero blas threads", "{'training': {'blasThreads': 0}}", "training.blasThreads"),
                invalid("65 blas threads", "{'training': {'blasThreads': 65}}", "training.blasThreads"),
                invalid("bad name", "{'name': '../etc'}", "name"),
                invalid("null layer", "{'model': {'hiddenLayers': [null]}}", "model.hiddenLayers[0]"));
    }

    @Test
    void blasThreadsIsAutoByDefaultOrACapAsANumberOrAuto() {
        assertThat(normalize("{\"datasetId\": \"iris\"}").training().blasThreads())
                .as("auto: no cap")
                .isZero();
        JobSpecs.Plan capped = normalize("{\"datasetId\": \"iris\", \"training\": {\"blasThreads\": 3}}");
        assertThat(capped.spec().training().blasThreads()).isEqualTo(BlasThreads.of(3));
        assertThat(capped.training().blasThreads()).isEqualTo(3);
        JobSpecs.Plan auto = normalize("{\"datasetId\": \"iris\", \"training\": {\"blasThreads\": \"auto\"}}");
        assertThat(auto.spec().training().blasThreads()).isEqualTo(BlasThreads.AUTO);
        assertThat(JSON.writeValueAsString(auto.spec())).contains("\"blasThreads\":\"auto\"");
        assertThat(JSON.writeValueAsString(capped.spec())).contains("\"blasThreads\":3");
        assertThatThrownBy(() -> normalize("{\"datasetId\": \"iris\", \"training\": {\"blasThreads\": \"many\"}}"))
                .hasMessageContaining("\"auto\" or a whole number");
        assertThat(JobSpecs.normalize(JSON.readValue("{\"datasetId\": \"iris\"}", JobSpec.class), DATASETS, LIMITS, 2)
                        .training()
                        .blasThreads())
                .as("dropwise.training.blas-threads=2 caps jobs that ask for nothing")
                .isEqualTo(2);
    }

    /** A case: fields to add to {@code datasetId: iris}, single-quoted JSON, and the field named in the error. */
    private static Arguments invalid(String title, String fields, String field) {
        return Arguments.of(title, fields.replace('\'', '"'), field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void anInvalidFieldIsNamedInTheErrors(String title, String fields, String field) {
        String json = "{\"datasetId\": \"iris\", " + fields.substring(1);
        assertThat(problems(json)).extracting(FieldProblem::field).containsExactly(field);
    }

    @Test
    void everyProblemIsReportedTogether() {
        assertThat(problems("""
                {"datasetId": "nope", "model": {"inputDropout": 1.5, "hiddenLayers": [{"units": -1}]},
                 "training": {"epochs": 0}}"""))
                .extracting(FieldProblem::field)
                .containsExactly("datasetId", "model.inputDropout", "model.hiddenLayers[0].units", "training.epochs");
    }

    @Test
    void aMissingOrUnknownDatasetIsAFieldProblem() {
        assertThat(problems("{}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("datasetId");
            assertThat(p.message()).contains("required");
        });
        assertThat(problems("{\"datasetId\": \"nope\"}"))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("no dataset with id 'nope'", "GET /datasets"));
    }

    @Test
    void tooManyLayersAndTooManyParametersAreRefusedWithTheLimitNamed() {
        String seventeen = "{\"units\": 2}, ".repeat(16) + "{\"units\": 2}";
        assertThat(problems("{\"datasetId\": \"iris\", \"model\": {\"hiddenLayers\": [" + seventeen + "]}}"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("model.hiddenLayers");
                    assertThat(p.message()).contains("dropwise.limits.max-layers");
                });
        // 4 x 4096 units: 4*4096 + 3 * 4096^2 + ... > 50M parameters
        String huge = "{\"units\": 4096}, ".repeat(3) + "{\"units\": 4096}";
        assertThat(problems("{\"datasetId\": \"iris\", \"model\": {\"hiddenLayers\": [" + huge + "]}}"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("model.hiddenLayers");
                    assertThat(p.message()).contains("parameters", "dropwise.limits.max-parameters");
                });
    }

    @Test
    void aScheduleLengthIsKeptForEveryTypeAndOnlyEchoedWhenGiven() {
        JobSpecs.Plan cosine = normalize("""
                {"datasetId": "iris", "training": {"epochs": 4,
                 "learningRateSchedule": {"type": "cosine", "minLearningRate": 0.001, "epochs": 30}}}""");
        assertThat(cosine.spec().training().learningRateSchedule().epochs()).isEqualTo(30);
        assertThat(cosine.training().schedule())
                .isEqualTo(new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 10, 0.5, 0.001, 30));
        assertThat(JSON.writeValueAsString(cosine.spec())).contains("\"minLearningRate\":0.001,\"epochs\":30}");
        // checked whatever the type, like stepEpochs, so that switching the type (a sweep may) never makes it invalid;
        // constant and step ignore it
        JobSpecs.Plan step = normalize("""
                {"datasetId": "iris", "training": {"learningRateSchedule": {"type": "step", "epochs": 30}}}""");
        assertThat(step.training().schedule().epochs()).isEqualTo(30);
        JobSpecs.Plan absent = normalize("{\"datasetId\": \"iris\"}");
        assertThat(absent.spec().training().learningRateSchedule().epochs()).isNull();
        assertThat(absent.training().schedule().epochs())
                .as("0: the training's epochs")
                .isZero();
        assertThat(JSON.writeValueAsString(absent.spec()))
                .contains("\"minLearningRate\":0.0}")
                .doesNotContain("\"epochs\":null");
    }

    @Test
    void aCosineFloorAboveTheLearningRateIsRefused() {
        assertThat(problems("""
                {"datasetId": "iris", "training": {"optimizer": {"learningRate": 0.01},
                 "learningRateSchedule": {"type": "cosine", "minLearningRate": 0.1}}}"""))
                .extracting(FieldProblem::field)
                .containsExactly("training.learningRateSchedule.minLearningRate");
    }

    @Test
    void unknownFieldsAndEnumValuesDoNotParse() {
        assertThatThrownBy(() -> JSON.readValue("{\"datasetId\": \"iris\", \"epochs\": 3}", JobSpec.class))
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> JSON.readValue(
                        "{\"datasetId\": \"iris\", \"model\": {\"hiddenLayers\": [{\"activation\": \"RELU\"}]}}",
                        JobSpec.class))
                .hasMessageContaining("relu");
    }
}
