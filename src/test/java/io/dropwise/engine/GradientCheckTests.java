package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference gradient checks of the float32 network, dropout masks frozen by reseeding the mask generator
 * before every evaluation (DL4J's discipline). Float32 forward passes limit the achievable agreement, so the
 * tolerance is a relative error of 3e-2 with an absolute floor; the wrong-gradient tests show the check bites.
 */
class GradientCheckTests {

    private static final long MASK_SEED = 777;
    private static final int ROWS = 6;

    static List<Arguments> layerActivationLoss() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation activation : Activation.values()) {
            for (Task task : Task.values()) {
                for (boolean batchNorm : new boolean[] {false, true}) {
                    for (DropoutScaling scaling : DropoutScaling.values()) {
                        cases.add(Arguments.of(activation, task, batchNorm, scaling));
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} batchNorm={2} {3}")
    @MethodSource("layerActivationLoss")
    void analyticGradientMatchesFiniteDifferences(
            Activation activation, Task task, boolean batchNorm, DropoutScaling scaling) {
        Network net = network(activation, task, batchNorm, scaling);
        Batch batch = Batch.random(net, task);
        double worst = GradientChecker.worstError(net, batch, MASK_SEED, MASK_SEED);
        assertThat(worst).isLessThan(GradientChecker.TOLERANCE);
    }

    /** Without dropout, ReLU takes the unfused path (activation, then no mask) that the cases above never reach. */
    @ParameterizedTest(name = "{0} {1} batchNorm={2}")
    @MethodSource("withoutDropout")
    void analyticGradientMatchesWithoutDropout(Activation activation, Task task, boolean batchNorm) {
        int outputs = task == Task.CLASSIFICATION ? 3 : 1;
        NetworkSpec spec = new NetworkSpec(
                4,
                outputs,
                task,
                0,
                List.of(new LayerSpec(5, activation, 0, batchNorm), new LayerSpec(4, activation, 0, batchNorm)),
                DropoutScaling.INVERTED);
        assertThat(worstError(spec)).isLessThan(GradientChecker.TOLERANCE);
    }

    static List<Arguments> withoutDropout() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation activation : List.of(Activation.RELU, Activation.LEAKY_RELU, Activation.TANH)) {
            for (Task task : Task.values()) {
                cases.add(Arguments.of(activation, task, false));
                cases.add(Arguments.of(activation, task, true));
            }
        }
        return cases;
    }

    /** The output layer alone (softmax regression or linear regression), with and without input dropout. */
    @ParameterizedTest(name = "{0} input dropout {1} {2}")
    @MethodSource("noHiddenLayer")
    void analyticGradientMatchesWithNoHiddenLayer(Task task, double inputDrop, DropoutScaling scaling) {
        int outputs = task == Task.CLASSIFICATION ? 3 : 1;
        NetworkSpec spec = new NetworkSpec(4, outputs, task, inputDrop, List.of(), scaling);
        assertThat(worstError(spec)).isLessThan(GradientChecker.TOLERANCE);
    }

    static List<Arguments> noHiddenLayer() {
        List<Arguments> cases = new ArrayList<>();
        for (Task task : Task.values()) {
            cases.add(Arguments.of(task, 0.0, DropoutScaling.INVERTED));
            cases.add(Arguments.of(task, 0.4, DropoutScaling.INVERTED));
            cases.add(Arguments.of(task, 0.4, DropoutScaling.WEIGHT_SCALING));
        }
        return cases;
    }

    private static double worstError(NetworkSpec spec) {
        Network net = new Network(spec, ROWS, Blas.get());
        net.initialize(new Rng(11));
        return GradientChecker.worstError(net, Batch.random(net, spec.task()), MASK_SEED, MASK_SEED);
    }

    @Test
    void checkFailsWhenBackwardDoesNotReuseTheForwardMask() {
        Network net = network(Activation.TANH, Task.CLASSIFICATION, false, DropoutScaling.INVERTED);
        Batch batch = Batch.random(net, Task.CLASSIFICATION);
        double worst = GradientChecker.worstError(net, batch, MASK_SEED, MASK_SEED + 1);
        assertThat(worst).isGreaterThan(10 * GradientChecker.TOLERANCE);
    }

    @Test
    void checkFailsOnADeliberatelyWrongGradient() {
        Network net = network(Activation.SIGMOID, Task.REGRESSION, false, DropoutScaling.INVERTED);
        Batch batch = Batch.random(net, Task.REGRESSION);
        double worst = GradientChecker.worstErrorWithCorruptedGradient(net, batch, MASK_SEED, 0.8f);
        assertThat(worst).isGreaterThan(3 * GradientChecker.TOLERANCE);
    }

    private static Network network(Activation activation, Task task, boolean batchNorm, DropoutScaling scaling) {
        int outputs = task == Task.CLASSIFICATION ? 3 : 1;
        NetworkSpec spec = new NetworkSpec(
                4,
                outputs,
                task,
                0.25,
                List.of(new LayerSpec(5, activation, 0.3, batchNorm), new LayerSpec(4, activation, 0.2, batchNorm)),
                scaling);
        Network net = new Network(spec, ROWS, Blas.get());
        net.initialize(new Rng(11));
        return net;
    }

    record Batch(int rows, int[] labels, float[] targets) {
        static Batch random(Network net, Task task) {
            Rng rng = new Rng(5);
            for (int i = 0; i < ROWS * net.spec.inputSize(); i++) {
                net.input.set(i, (float) rng.nextGaussian());
            }
            int[] labels = new int[ROWS];
            float[] targets = new float[ROWS];
            for (int r = 0; r < ROWS; r++) {
                labels[r] = r % net.spec.outputSize();
                targets[r] = (float) rng.nextGaussian();
            }
            return task == Task.CLASSIFICATION ? new Batch(ROWS, labels, null) : new Batch(ROWS, null, targets);
        }
    }
}
