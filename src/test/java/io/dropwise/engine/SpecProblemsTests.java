package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SpecProblems}: the engine's range rules report every problem, and the trainer refuses with all of them. */
class SpecProblemsTests {

    private static final NetworkSpec NET =
            Fixtures.classifier(4, 3, 0.2, DropoutScaling.INVERTED, new LayerSpec(8, Activation.RELU, 0.5, false));

    @Test
    void validSpecsHaveNoProblems() {
        assertThat(SpecProblems.of(NET, Fixtures.training(3, 8, OptimizerSpec.adam(0.01), 0.2, 1)))
                .isEmpty();
    }

    @Test
    void validationAccuracyIsNoEarlyStoppingMetricForRegression() {
        TrainingSpec t = Fixtures.training(3, 8, OptimizerSpec.adam(0.01), 0.2, 1);
        TrainingSpec onAccuracy =
                Fixtures.withEarlyStopping(t, new EarlyStopping(5, EarlyStopping.Metric.VALIDATION_ACCURACY));
        NetworkSpec regressor = Fixtures.regressor(4, 0, new LayerSpec(8, Activation.RELU, 0.5, false));
        assertThat(SpecProblems.of(regressor, onAccuracy))
                .extracting(SpecProblem::field)
                .containsExactly("earlyStopping.metric");
        assertThat(SpecProblems.of(NET, onAccuracy)).isEmpty();
        assertThat(SpecProblems.of(regressor, t)).isEmpty();
    }

    @Test
    void everyProblemIsListedWithTheParameterItConcerns() {
        NetworkSpec net = Fixtures.classifier(
                4,
                1,
                0.2,
                DropoutScaling.INVERTED,
                new LayerSpec(8, Activation.RELU, 0.5, false),
                new LayerSpec(0, Activation.RELU, 0.5, false));
        TrainingSpec training = new TrainingSpec(
                0,
                8,
                new OptimizerSpec(OptimizerSpec.Type.SGD, Double.NaN, 1, false, 0.9, 0.999, 1e-8, 0),
                0,
                Double.POSITIVE_INFINITY,
                -1,
                new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0, 2, 0, -1),
                1,
                EarlyStopping.off(),
                FeatureScaling.STANDARDIZE,
                1,
                0,
                1);
        List<SpecProblem> problems = SpecProblems.of(net, training);
        assertThat(problems)
                .extracting(SpecProblem::field)
                .containsExactly(
                        "outputSize",
                        "hiddenLayers[1].units",
                        "epochs",
                        "optimizer.learningRate",
                        "optimizer.momentum",
                        "l2",
                        "maxNorm",
                        "validationFraction",
                        "schedule.stepEpochs",
                        "schedule.epochs",
                        "schedule.gamma");
        assertThat(problems.get(3).message()).isEqualTo("must be a finite number > 0, got NaN");
        assertThat(problems.get(5).toString()).isEqualTo("l2 must be a finite number >= 0, got Infinity");
    }

    @Test
    void aCosineFloorAboveTheLearningRateIsAProblem() {
        TrainingSpec t = Fixtures.training(3, 8, OptimizerSpec.adam(0.01), 0.2, 1);
        TrainingSpec cosine = new TrainingSpec(
                t.epochs(),
                t.batchSize(),
                t.optimizer(),
                0,
                0,
                0,
                new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1, 1, 0.1),
                t.validationFraction(),
                t.earlyStopping(),
                t.featureScaling(),
                t.seed(),
                0,
                1);
        assertThat(SpecProblems.of(NET, cosine))
                .singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("schedule.minLearningRate"));
    }

    @Test
    void theTrainerRefusesWithEveryProblemInItsMessage() {
        TrainingSpec spec =
                Fixtures.withRegularization(Fixtures.training(0, 0, OptimizerSpec.adam(0.01), 0.2, 1), -1, 0, 0);
        assertThatThrownBy(() -> new Trainer(NET, spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epochs must be at least 1, got 0; batchSize must be at least 1, got 0; "
                        + "l1 must be a finite number >= 0, got -1.0");
    }

    @Test
    void theDropProbabilityRuleIsTheOneTheSpecsEnforce() {
        assertThat(SpecProblems.ofDropProbability(0.5)).isNull();
        assertThat(SpecProblems.ofDropProbability(0)).isNull();
        for (double wrong : new double[] {1, -0.1, Double.NaN}) {
            String problem = SpecProblems.ofDropProbability(wrong);
            assertThat(problem).contains("[0, 1)", "got " + wrong);
            assertThatThrownBy(() -> new LayerSpec(4, Activation.RELU, wrong, false))
                    .hasMessage("dropProbability " + problem);
        }
    }
}
