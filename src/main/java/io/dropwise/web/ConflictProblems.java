package io.dropwise.web;

/** The 409s of deleting things still in use (jobs, sweeps, model versions), for {@link ApiProblems}. */
final class ConflictProblems {

    private ConflictProblems() {}

    static void addTo() {
        ApiProblems.add(
                "sweep-not-finished",
                409,
                "Sweep not finished",
                "Sweep sweep-0 is RUNNING; only a finished sweep (SUCCEEDED, FAILED or CANCELLED) can be deleted. "
                        + "Cancel it first: POST /sweeps/sweep-0/cancel.");
        ApiProblems.add(
                "job-not-finished",
                409,
                "Job not finished",
                "Job job-0 is RUNNING; only a finished job (SUCCEEDED, FAILED or CANCELLED) can be deleted. Cancel it "
                        + "first: POST /jobs/job-0/cancel.");
        ApiProblems.add(
                "job-in-sweep",
                409,
                "Job belongs to a sweep",
                "Job job-0 is trial 1 of sweep sweep-0; its scores make up the sweep's leaderboard, so it cannot be "
                        + "deleted on its own.");
        ApiProblems.add(
                "model-version-aliased",
                409,
                "Model version aliased",
                "Version 2 of model 'iris' is what [champion] points at; move or delete the alias first (DELETE "
                        + "/models/iris/aliases/champion).");
        ApiProblems.add(
                "model-in-training",
                409,
                "Model in training",
                "1 queued or running job(s) will register a version of model 'iris' when they succeed (job-0); "
                        + "cancel them or wait for them to end, then delete the model.");
        ApiProblems.add(
                "model-version-in-use",
                409,
                "Model version in use",
                "1 unfinished batch prediction(s) pinned version 2 of model 'iris' (batch-0); cancel them or wait for "
                        + "them to end, then delete it.");
    }
}
