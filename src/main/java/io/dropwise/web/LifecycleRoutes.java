package io.dropwise.web;

import static io.dropwise.web.ApiRoutes.JOBS;
import static io.dropwise.web.ApiRoutes.MODELS;
import static io.dropwise.web.ApiRoutes.route;

/** The lifecycle entries of {@link ApiRoutes}: deleting jobs, versions and models; registering a cancelled job. */
final class LifecycleRoutes {

    private static final String MODEL_NAME = "the model's name (a job's `name`, by default its dataset's name)";
    private static final String CREATED = "the new resource; `Location` names it";

    private LifecycleRoutes() {}

    static void register() {
        route(
                        "DELETE",
                        "/jobs/{id}",
                        JOBS,
                        "deleteJob",
                        "Delete a finished job: its metrics, attempts and checkpoints go; its model version stays")
                .ok(204, "Deleted")
                .problems("job-not-found", "job-not-finished", "job-in-sweep");
        route(
                        "POST",
                        "/jobs/{id}/register",
                        JOBS,
                        "registerCancelledJob",
                        "Register a cancelled job's best checkpoint as the next version of a model (body optional)")
                .ok(201, "The new model version. " + CREATED, "Location")
                .problems(
                        "validation",
                        "job-not-found",
                        "job-not-cancelled",
                        "job-already-registered",
                        "no-usable-checkpoint")
                .example("name", "Register into a model other than the job's name", "{\"name\": \"iris-stopped\"}");
        route(
                        "DELETE",
                        "/models/{name}/versions/{version}",
                        MODELS,
                        "deleteModelVersion",
                        "Delete a version (by number); every instance stops serving it")
                .ok(204, "Deleted")
                .problems("validation", "model-not-found", "model-version-not-found", "model-version-aliased")
                .param("name", MODEL_NAME)
                .param("version", "a version number (not an alias or `latest`)");
        route("DELETE", "/models/{name}", MODELS, "deleteModel", "Delete a model: every version and alias")
                .ok(204, "Deleted")
                .problems("model-not-found", "model-in-training")
                .param("name", MODEL_NAME);
    }
}
