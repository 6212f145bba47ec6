package io.dropwise.engine;

import java.util.function.BooleanSupplier;

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
        return fit(data, null, listener, stopRequested);
    }

    /**
     * {@link #fit(Dataset, TrainingListener, BooleanSupplier)} validating on exactly {@code validationRows} (sorted,
     * distinct) and training on every other row, instead of the spec's seeded split: a cross-validation fold.
     * {@code null}: the spec's split.
     */
    public TrainingResult fit(
            Dataset data, int[] validationRows, TrainingListener listener, BooleanSupplier stopRequested) {
        return TrainingRun.start(networkSpec, trainingSpec, data, validationRows)
                .run(listener, stopRequested);
    }

    /**
     * Continues from a checkpoint taken by a run on the same data; the final model is bit-identical to an
     * uninterrupted run with the same seed (on any thread count).
     */
    public static TrainingResult resume(
            Checkpoint checkpoint, Dataset data, TrainingListener listener, BooleanSupplier stopRequested) {
        return resume(checkpoint, data, null, listener, stopRequested);
    }

    /** {@link #resume(Checkpoint, Dataset, TrainingListener, BooleanSupplier)} of a run started on these rows. */
    public static TrainingResult resume(
            Checkpoint checkpoint,
            Dataset data,
            int[] validationRows,
            TrainingListener listener,
            BooleanSupplier stopRequested) {
        return TrainingRun.restore(checkpoint, data, validationRows).run(listener, stopRequested);
    }

    public NetworkSpec networkSpec() {
        return networkSpec;
    }

    public TrainingSpec trainingSpec() {
        return trainingSpec;
    }
}
