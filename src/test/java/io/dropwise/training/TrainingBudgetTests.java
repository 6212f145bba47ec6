package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwise.config.LimitsProperties;
import io.dropwise.config.TrainingBudgetProperties;
import io.dropwise.config.TrainingProperties;
import io.dropwise.engine.Activation;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.TrainingSpec;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The submission-time budget, on the jobs of issue 10 (digits: 64 features, 10 classes), with -Xmx1g. */
class TrainingBudgetTests {

    private static final long GB = 1L << 30;
    private static final LimitsProperties LIMITS =
            new LimitsProperties(50_000_000, 4096, 16, 10_000, 8192, 67_108_864, 1_000_000, 4096, 1024, 1000, 100);

    /** The defaults of {@code dropwise.training.*}, with this concurrency and BLAS threads, instance id "test". */
    static TrainingProperties trainingProperties(int concurrency, int blasThreads) {
        return new TrainingProperties(
                concurrency,
                3,
                Duration.ofSeconds(30),
                blasThreads,
                "test",
                5,
                Duration.ofMillis(500),
                Duration.ofMillis(300),
                Duration.ofMinutes(30),
                Duration.ofSeconds(30),
                10,
                Duration.ofHours(24),
                Duration.ofSeconds(15),
                Duration.ofSeconds(3),
                500,
                2000);
    }

    private static TrainingBudget budget(long maxHeap, int concurrency) {
        TrainingProperties training = trainingProperties(concurrency, 1);
        return new TrainingBudget(
                new TrainingBudgetProperties(0.6, DataSize.ofGigabytes(1)), training, LIMITS, maxHeap);
    }

    static JobSpecs.Plan digits(OptimizerSpec optimizer, int... units) {
        NetworkSpec network = new NetworkSpec(
                64,
                10,
                Task.CLASSIFICATION,
                0,
                Arrays.stream(units)
                        .mapToObj(u -> new LayerSpec(u, Activation.RELU, 0.5, false))
                        .toList(),
                DropoutScaling.INVERTED);
        TrainingSpec training = new TrainingSpec(
                10,
                32,
                optimizer,
                0,
                0,
                0,
                LearningRateSchedule.constant(),
                0.2,
                EarlyStopping.off(),
                FeatureScaling.STANDARDIZE,
                1,
                1,
                1);
        return new JobSpecs.Plan(null, network, training);
    }

    @Test
    void theIssuesLargeJobIsRefusedNamingTheLimit() {
        JobSpecs.Plan huge = digits(OptimizerSpec.adam(0.001), 4096, 4096, 2048);
        assertThat(huge.network().parameterCount()).isEqualTo(25_458_698);
        TrainingBudget.Estimate e = TrainingBudget.estimate(huge.network(), huge.training(), 1797);
        assertThat(e.checkpointBytes()).as("the 407 MB the issue measured").isBetween(407_000_000L, 408_000_000L);
        assertThatThrownBy(() -> budget(GB, 2).check(huge))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("dropwise.budget.heap-fraction")
                .hasMessageContaining("MB of heap");
        assertThatThrownBy(() -> budget(GB, 1).check(huge)).isInstanceOf(InvalidJobSpecException.class);
    }

    @Test
    void theIssuesMidSizeJobTrainsWithAGigabyteOfHeap() {
        assertThatCode(() -> budget(GB, 2).check(digits(OptimizerSpec.adam(0.001), 2048, 2048)))
                .doesNotThrowAnyException();
    }

    @Test
    void theCheckpointSizeLimitIsNamed() {
        TrainingBudget big = new TrainingBudget(
                new TrainingBudgetProperties(0.6, DataSize.ofMegabytes(50)),
                budget(GB, 1).training(),
                LIMITS,
                64 * GB);
        assertThatThrownBy(() -> big.check(digits(OptimizerSpec.adam(0.001), 2048, 2048)))
                .isInstanceOf(InvalidJobSpecException.class)
                .hasMessageContaining("dropwise.budget.max-checkpoint-bytes");
    }

    @Test
    void sgdNeedsLessThanAdamAndMoreConcurrencyLeavesLessPerJob() {
        JobSpecs.Plan adam = digits(OptimizerSpec.adam(0.001), 2048, 2048);
        JobSpecs.Plan sgd = digits(OptimizerSpec.sgd(0.01, 0.9, false), 2048, 2048);
        assertThat(TrainingBudget.estimate(sgd.network(), sgd.training(), 1797).checkpointBytes())
                .isLessThan(TrainingBudget.estimate(adam.network(), adam.training(), 1797)
                        .checkpointBytes());
        assertThat(budget(GB, 4).heapPerJob()).isEqualTo(budget(GB, 2).heapPerJob() / 2);
    }
}
