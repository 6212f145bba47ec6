package io.dropwise.web;

import static io.dropwise.web.ApiRoutes.SWEEPS;
import static io.dropwise.web.ApiRoutes.route;

/** The {@code /sweeps} entries of {@link ApiRoutes}. */
final class SweepRouteTable {

    private SweepRouteTable() {}

    static void register() {
        route(
                        "POST",
                        "/sweeps",
                        SWEEPS,
                        "submitSweep",
                        "Submit a cross-validated sweep: a base job spec, a grid or random search over paths into it, "
                                + "k-fold or holdout validation, an objective, pruning; every trial's spec is checked "
                                + "before anything is queued")
                .ok(202, "Queued: the sweep with status QUEUED; `Location` names it", "Location")
                .problems("validation")
                .example(
                        "iris-rate",
                        "Which dropout rate for iris: 3 rates x 3 folds, then a refit of the best on every row",
                        """
                        {"name": "iris-rate",
                         "base": {"datasetId": "iris",
                                  "model": {"hiddenLayers": [{"units": 16, "dropout": 0.5}]},
                                  "training": {"epochs": 20, "optimizer": {"type": "adam", "learningRate": 0.01}}},
                         "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.25, 0.5]}},
                         "validation": {"folds": 3, "seed": 1},
                         "objective": "validationAccuracy",
                         "maxConcurrentTrials": 2}""")
                .example("refused", "A path the job spec does not have: answered 400 naming it", """
                        {"base": {"datasetId": "iris"},
                         "search": {"grid": {"model.dropuot": [0, 0.5]}}}""");
        route("GET", "/sweeps", SWEEPS, "listSweeps", "List sweeps, newest first (paged)")
                .ok(200, "A page of sweeps")
                .problems("validation")
                .param("page", "page number, from 0 (default 0)")
                .param("size", "page size, 1 to 100 (default 20)");
        route(
                        "GET",
                        "/sweeps/{id}",
                        SWEEPS,
                        "getSweep",
                        "Poll a sweep: status, progress, every trial's params and per-fold scores, the leaderboard, "
                                + "the best trial and the refit model")
                .ok(200, "The sweep")
                .problems("sweep-not-found");
        route(
                        "GET",
                        "/sweeps/{id}/events",
                        SWEEPS,
                        "streamSweepEvents",
                        "Server-Sent Events: a `trial` event when a fold job ends or a trial is pruned, a `status` event "
                                + "per transition, until the sweep ends")
                .ok(200, "The event stream")
                .problems("sweep-not-found", "too-many-streams");
        route("POST", "/sweeps/{id}/cancel", SWEEPS, "cancelSweep", "Cancel a sweep and its queued and running jobs")
                .ok(200, "Cancelled", "Location")
                .ok(202, "Cancel recorded: the next coordinator pass ends the sweep", "Location")
                .problems("sweep-not-found", "sweep-finished");
        route(
                        "DELETE",
                        "/sweeps/{id}",
                        SWEEPS,
                        "deleteSweep",
                        "Delete a finished sweep with its trial and refit jobs (their metrics, attempts, checkpoints) "
                                + "and its webhook deliveries; the model version its refit registered stays")
                .ok(204, "Deleted")
                .problems("sweep-not-found", "sweep-not-finished");
    }
}
