package io.dropwise.training;

import io.dropwise.config.LimitsProperties;
import io.dropwise.config.TrainingBudgetProperties;
import io.dropwise.config.TrainingProperties;
import io.dropwise.engine.CheckpointCodec;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.ModelCodec;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Refuses, at submission, a job that this instance could not train or checkpoint safely: its checkpoints would be
 * larger than {@code dropwise.budget.max-checkpoint-bytes}, or its estimated heap larger than its share of the JVM's
 * maximum heap. A job accepted here trains without running the heap (or the embedded database) out of memory.
 */
@Component
class TrainingBudget {

    private static final long MB = 1024 * 1024;

    private final TrainingBudgetProperties budget;
    private final TrainingProperties training;
    private final LimitsProperties limits;
    private final long maxHeap;

    @Autowired
    TrainingBudget(TrainingBudgetProperties budget, TrainingProperties training, LimitsProperties limits) {
        this(budget, training, limits, Runtime.getRuntime().maxMemory());
    }

    TrainingBudget(
            TrainingBudgetProperties budget, TrainingProperties training, LimitsProperties limits, long maxHeap) {
        this.budget = budget;
        this.training = training;
        this.limits = limits;
        this.maxHeap = maxHeap;
    }

    /**
     * What a run needs, in bytes.
     *
     * @param checkpointBytes one checkpoint as stored (an upper bound of the encoded size)
     * @param heapBytes the heap a run needs at its peak
     */
    record Estimate(long checkpointBytes, long modelBytes, long heapBytes) {}

    TrainingProperties training() {
        return training;
    }

    /** The heap one running job may take. */
    long heapPerJob() {
        return (long) (maxHeap * budget.heapFraction() / training.concurrency());
    }

    /** @throws InvalidJobSpecException naming the limit the job would exceed */
    void check(JobSpecs.Plan plan) {
        Estimate e = estimate(plan.network(), plan.training(), limits.maxRows());
        List<FieldProblem> problems = new ArrayList<>();
        long maxCheckpoint = budget.maxCheckpointBytes().toBytes();
        if (e.checkpointBytes() > maxCheckpoint) {
            problems.add(new FieldProblem(
                    "model.hiddenLayers",
                    "its checkpoints (weights, optimizer state and best "
                            + "weights) would take " + e.checkpointBytes() / MB + " MB each; at most "
                            + maxCheckpoint / MB
                            + " MB are allowed (dropwise.budget.max-checkpoint-bytes): use fewer or smaller layers"));
        }
        if (e.heapBytes() > heapPerJob()) {
            problems.add(new FieldProblem(
                    "model.hiddenLayers",
                    "training it needs about " + e.heapBytes() / MB
                            + " MB of heap; a job may use " + heapPerJob() / MB + " MB here (max heap " + maxHeap / MB
                            + " MB × dropwise.budget.heap-fraction " + budget.heapFraction()
                            + " / dropwise.training.concurrency " + training.concurrency()
                            + "): use fewer or smaller layers, or SGD (one optimizer moment instead of Adam's two)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidJobSpecException(problems);
        }
    }

    /**
     * The engine's state counted copy by copy, as floats: the network's state and gradients, the optimizer moments,
     * the best weights, the evaluation model and the state exported each epoch; while a checkpoint is written, its
     * copies of the state and moments, twice (the next one is taken while the last one is written); at the end, the encoded model and the copies its registration makes
     * (the JPA entity, the driver); activations for a batch; the data order.
     */
    static Estimate estimate(NetworkSpec network, TrainingSpec spec, int trainRows) {
        long state = network.stateFloats();
        long params = network.parameterCount();
        long moments = spec.optimizer().type() == OptimizerSpec.Type.SGD ? params : 2 * params;
        long best = spec.validationFraction() > 0 ? state : 0;
        long resident = 4 * (state + params + moments + best + 2 * state);
        // one checkpoint being written on the run's writer thread while the next one is taken
        long checkpointCopies = 2 * 4 * (state + moments);
        long modelBytes = ModelCodec.sizeBound(network);
        long units = network.inputSize() + network.outputSize();
        for (LayerSpec layer : network.hiddenLayers()) {
            units += layer.units();
        }
        long activations = 4L * 8 * spec.batchSize() * units;
        long heap = resident + Math.max(checkpointCopies, 4 * modelBytes) + activations + 8L * trainRows;
        return new Estimate(CheckpointCodec.sizeBound(network, spec, trainRows), modelBytes, heap);
    }
}
