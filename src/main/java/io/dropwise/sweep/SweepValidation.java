package io.dropwise.sweep;

import io.dropwise.dataset.DatasetDescription;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.Folds;
import io.dropwise.engine.Task;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** A sweep's {@code validation}, checked against its dataset and normalized (defaults filled in). */
final class SweepValidation {

    private SweepValidation() {}

    /**
     * k folds (by default {@link SweepPlanner#DEFAULT_FOLDS}) or a holdout, and the seed; a problem per field for
     * both at once, fewer than 2 folds, more than the smallest class's rows or more than {@code queuePlaces} (a
     * trial's k jobs are queued together, so k must fit in the places sweeps may fill), and a holdout outside (0, 1)
     * or one that holds out no row (every trial would have nothing to validate on). {@code data} is loaded only when
     * needed.
     */
    static SweepRequest.Validation check(
            SweepRequest.Validation v,
            DatasetDescription dataset,
            Supplier<Dataset> data,
            int queuePlaces,
            List<FieldProblem> problems) {
        // Integer.valueOf: with a bare int the conditional would unbox v.folds(), null for a holdout
        Integer folds = v == null || (v.folds() == null && v.holdout() == null)
                ? Integer.valueOf(SweepPlanner.DEFAULT_FOLDS)
                : v.folds();
        Double holdout = v == null ? null : v.holdout();
        long seed = v == null || v.seed() == null ? SweepPlanner.DEFAULT_SEED : v.seed();
        if (folds != null && holdout != null) {
            problems.add(new FieldProblem("validation", "give one of 'folds' and 'holdout', not both"));
            return new SweepRequest.Validation(folds, null, seed);
        }
        if (holdout != null) {
            if (!(holdout > 0 && holdout < 1)) {
                problems.add(new FieldProblem("validation.holdout", "must be in (0, 1), e.g. 0.2"));
            } else {
                Dataset rows = data.get();
                if (Folds.holdout(rows, holdout, seed).length == 0) {
                    problems.add(new FieldProblem(
                            "validation.holdout",
                            String.format(
                                    Locale.ROOT,
                                    "%s of the dataset's %d rows holds out no row to validate on%s; hold out more",
                                    holdout,
                                    rows.rows(),
                                    dataset.schema().task() == Task.CLASSIFICATION
                                            ? " (the holdout is taken per class, rounded)"
                                            : "")));
                }
            }
            return new SweepRequest.Validation(null, holdout, seed);
        }
        if (folds < 2) {
            problems.add(new FieldProblem("validation.folds", "must be at least 2"));
        } else {
            int smallest = Folds.smallestClass(data.get());
            if (folds > smallest) {
                problems.add(new FieldProblem(
                        "validation.folds",
                        "must be at most " + smallest + ": "
                                + (dataset.schema().task() == Task.CLASSIFICATION
                                        ? "the rows of the dataset's smallest class (each fold holds every class)"
                                        : "the dataset's rows")));
            } else if (folds > queuePlaces) {
                problems.add(new FieldProblem(
                        "validation.folds",
                        "must be at most " + queuePlaces + ": a trial's fold jobs are queued together, and sweeps"
                                + " fill at most " + queuePlaces + " places of the job queue (three quarters of"
                                + " dropwise.limits.max-queued-jobs; the rest stays free for jobs posted by hand)"));
            }
        }
        return new SweepRequest.Validation(folds, null, seed);
    }
}
