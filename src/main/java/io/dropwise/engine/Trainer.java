package io.dropwise.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Trains a {@link NetworkSpec} on a {@link Dataset} with a {@link TrainingSpec}: seeded split and scaling, seeded
 * shuffling and mini-batches, dropout, optimizer, regularizers, validation each epoch with dropout off, early
 * stopping, checkpoints. Same inputs and seed give bit-identical results, whatever the BLAS thread count.
 */
public final class Trainer {

    private final NetworkSpec networkSpec;
    private final TrainingSpec trainingSpec;

    /** @throws IllegalArgumentException naming every out-of-range spec value (see {@link SpecProblems#of}) */
    public Trainer(NetworkSpec networkSpec, TrainingSpec trainingSpec) {
        SpecProblems problems = new SpecProblems();
        Specs.check(networkSpec, trainingSpec, problems);
        problems.throwIfAny();
        this.networkSpec = networkSpec;
        this.trainingSpec = trainingSpec;
    }

    /**
     * Trains from scratch. {@code stopRequested} is polled at every batch boundary; when it returns true a
     * checkpoint of the exact position is passed to {@link TrainingListener#onCheckpoint} and the result is
     * {@link TrainingResult.Outcome#STOPPED}.
     *
     * @throws IllegalArgumentException when the data does not fit the specs, or when training diverges (a
     *     non-finite training loss at the end of an epoch, reported to the listener first)
     */
    public TrainingResult fit(Dataset data, TrainingListener listener, BooleanSupplier stopRequested) {
        return fit(data, null, listener, stopRequested, null);
    }

    /**
     * {@link #fit(Dataset, TrainingListener, BooleanSupplier)} on as many threads as {@code threads} answers, asked
     * before every batch (capped by {@link TrainingSpec#blasThreads()} when that is above 0, at least 1): the
     * caller can give a run more cores or fewer while it trains. The thread count never changes a bit of the result.
     *
     * @param threads null: {@link TrainingSpec#blasThreads()}, or every core when that is 0
     */
    public TrainingResult fit(
            Dataset data, TrainingListener listener, BooleanSupplier stopRequested, IntSupplier threads) {
        return fit(data, null, listener, stopRequested, threads);
    }

    /**
     * {@link #fit(Dataset, TrainingListener, BooleanSupplier, IntSupplier)} validating on exactly
     * {@code validationRows} (sorted, distinct) and training on every other row, instead of the spec's seeded split:
     * a cross-validation fold. {@code null}: the spec's split.
     */
    public TrainingResult fit(
            Dataset data,
            int[] validationRows,
            TrainingListener listener,
            BooleanSupplier stopRequested,
            IntSupplier threads) {
        return TrainingRun.start(networkSpec, trainingSpec, data, validationRows)
                .run(listener, stopRequested, threads);
    }

    /**
     * Continues from a checkpoint taken by a run on the same data; the final model is bit-identical to an
     * uninterrupted run with the same seed (on any thread count).
     */
    public static TrainingResult resume(
            Checkpoint checkpoint, Dataset data, TrainingListener listener, BooleanSupplier stopRequested) {
        return resume(checkpoint, data, null, listener, stopRequested, null);
    }

    /**
     * {@link #resume(Checkpoint, Dataset, TrainingListener, BooleanSupplier)} of a run started on these validation
     * rows (null: the spec's split), with a thread count as in fit.
     */
    public static TrainingResult resume(
            Checkpoint checkpoint,
            Dataset data,
            int[] validationRows,
            TrainingListener listener,
            BooleanSupplier stopRequested,
            IntSupplier threads) {
        return TrainingRun.restore(checkpoint, data, validationRows).run(listener, stopRequested, threads);
    }

    /**
     * How many threads a run of this network at this batch size can keep busy in its matrix products (the most
     * blocks any product of a step is cut into; 1 for a network too small to split): a scheduler sharing cores
     * between runs gives a run no more than this.
     */
    public static int usefulThreads(NetworkSpec network, int batchSize) {
        List<int[]> products = new ArrayList<>();
        int in = network.inputSize();
        List<Integer> widths = new ArrayList<>();
        network.hiddenLayers().forEach(l -> widths.add(l.units()));
        widths.add(network.outputSize());
        for (int out : widths) {
            products.add(new int[] {batchSize, out, in}); // forward
            products.add(new int[] {out, in, batchSize}); // weight gradient
            products.add(new int[] {batchSize, in, out}); // input gradient
            in = out;
        }
        return ParallelBlas.maxBlocks(products.toArray(new int[0][]));
    }

    /**
     * The result a run would return had it stopped at this checkpoint, without training further: the best weights
     * so far (the weights at the checkpoint when no validation split tracks a best), the best epoch and its metrics;
     * a null model when the checkpoint was taken before the first epoch ended. Needs the run's data, like
     * {@link #resume}: the input scaling is fitted again on its training split.
     *
     * @param validationRows the run's validation rows when it was a cross-validation fold, else null
     */
    public static TrainingResult stoppedAt(Checkpoint checkpoint, Dataset data, int[] validationRows) {
        return TrainingRun.restore(checkpoint, data, validationRows).stoppedHere();
    }

    public NetworkSpec networkSpec() {
        return networkSpec;
    }

    public TrainingSpec trainingSpec() {
        return trainingSpec;
    }
}
