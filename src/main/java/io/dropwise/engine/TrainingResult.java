package io.dropwise.engine;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit} or {@link Trainer#resume}.
 *
 * @param model the best model (early stopping restores the best weights), or the last one without validation;
 *     null when stopped before the first epoch ended
 * @param history metrics of the epochs run by this call (a resumed run reports only the epochs after the checkpoint)
 * @param bestEpoch the epoch whose weights {@code model} holds (1-based)
 */
public record TrainingResult(
        Outcome outcome, Model model, List<EpochMetrics> history, int bestEpoch, EpochMetrics bestMetrics) {

    public enum Outcome {
        /** Ran every epoch. */
        COMPLETED,
        /** Early stopping ended the run. */
        EARLY_STOPPED,
        /** The stop signal was seen at a batch boundary; a checkpoint of that position was emitted. */
        STOPPED
    }
}
