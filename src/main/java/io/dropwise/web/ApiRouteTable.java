package io.dropwise.web;

import static io.dropwise.web.ApiRoutes.DATASETS;
import static io.dropwise.web.ApiRoutes.JOBS;
import static io.dropwise.web.ApiRoutes.MODELS;
import static io.dropwise.web.ApiRoutes.PREDICTION;
import static io.dropwise.web.ApiRoutes.V2;
import static io.dropwise.web.ApiRoutes.route;

/** The entries of {@link ApiRoutes}, by tag. The request examples are the README's walkthrough. */
final class ApiRouteTable {

    private static final String PAGE = "page number, from 0 (default 0)";
    private static final String SIZE = "page size, 1 to 100 (default 20)";
    private static final String MODEL_NAME = "the model's name (a job's `name`, by default its dataset's name)";
    private static final String VERSION = "a version number, `latest` or an alias";
    private static final String CREATED = "the new resource; `Location` names it";

    private ApiRouteTable() {}

    static void register() {
        datasets();
        jobs();
        SweepRouteTable.register();
        models();
        prediction();
        BatchRouteTable.register();
        openInference();
    }

    private static void datasets() {
        route(
                        "POST",
                        "/datasets",
                        DATASETS,
                        "uploadDataset",
                        "Upload a CSV: a raw text/csv (or application/csv) body, or a multipart part named `file`")
                .ok(201, "The dataset: rows, features (with mean/std), classes. " + CREATED, "Location")
                .problems("validation", "invalid-csv", "invalid-dataset", "dataset-limit-exceeded")
                .consumes("text/csv", "application/csv")
                .param("name", "1 to 64 letters, digits, '.', '_' or '-' (default: the file name, or `dataset`)")
                .param("labelColumn", "the label column's name (default: the last column)")
                .param("task", "`classification` or `regression` (default: inferred from the label column)")
                .example(
                        "fruit", "A header row, then one row per example; `color` is one-hot encoded", "text/csv", """
                        weight_g,diameter_cm,color,fruit
                        182,7.8,red,apple
                        151,7.1,green,apple
                        131,7.0,orange,orange
                        160,7.6,orange,orange
                        98,5.6,yellow,lemon
                        110,6.0,yellow,lemon
                        """);
        route("GET", "/datasets", DATASETS, "listDatasets", "List datasets, built-in and uploaded (paged)")
                .ok(200, "A page of datasets")
                .problems("validation")
                .param("page", PAGE)
                .param("size", SIZE);
        route(
                        "GET",
                        "/datasets/{id}",
                        DATASETS,
                        "getDataset",
                        "Describe a dataset: rows, feature names and kinds, per-feature mean/std, classes")
                .ok(200, "The dataset")
                .problems("dataset-not-found");
        route(
                        "DELETE",
                        "/datasets/{id}",
                        DATASETS,
                        "deleteDataset",
                        "Delete an uploaded dataset (not a built-in one, not one a queued or running job uses)")
                .ok(204, "Deleted")
                .problems("dataset-not-found", "dataset-builtin", "dataset-in-use");
    }

    private static void jobs() {
        route("POST", "/jobs", JOBS, "submitJob", "Submit a training job; every field but `datasetId` has a default")
                .ok(202, "Queued: the job with status QUEUED; `Location` names it", "Location")
                .ok(200, "The job an earlier request with the same `Idempotency-Key` and spec created", "Location")
                .problems("validation", "idempotency-key-reused", "queue-full")
                .param(
                        "Idempotency-Key",
                        "optional, 1-255 visible ASCII characters: the same key and spec return "
                                + "the same job instead of a new one")
                .example(
                        "iris-dropout",
                        "The walkthrough's job: two hidden layers with dropout 0.5, input dropout 0.2",
                        """
                        {"name": "iris-dropout", "datasetId": "iris",
                         "model": {"inputDropout": 0.2,
                                   "hiddenLayers": [{"units": 64, "activation": "relu", "dropout": 0.5},
                                                    {"units": 64, "activation": "relu", "dropout": 0.5}]},
                         "training": {"epochs": 60, "optimizer": {"type": "adam", "learningRate": 0.01},
                                      "maxNorm": 3, "seed": 7}}""")
                .example("minimal", "Every other field takes its default", "{\"datasetId\": \"iris\"}")
                .example("refused", "dropout 1.0 drops every unit: answered 400 with the field in `errors`", """
                        {"datasetId": "iris", "model": {"hiddenLayers": [{"units": 64, "dropout": 1.0}]}}""");
        route("GET", "/jobs", JOBS, "listJobs", "List jobs, newest first (paged, optionally by status)")
                .ok(200, "A page of jobs")
                .problems("validation")
                .param("status", "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED (any case)")
                .param("page", PAGE)
                .param("size", SIZE);
        route(
                        "GET",
                        "/jobs/{id}",
                        JOBS,
                        "getJob",
                        "Poll a job: status, progress and ETA, latest and best epoch metrics, its model when done")
                .ok(200, "The job")
                .problems("job-not-found");
        route("GET", "/jobs/{id}/metrics", JOBS, "getJobMetrics", "Per-epoch history of a job")
                .ok(200, "One entry per finished epoch")
                .problems("job-not-found");
        route("GET", "/jobs/{id}/checkpoints", JOBS, "getJobCheckpoints", "The checkpoints of a job's run")
                .ok(200, "The stored checkpoints")
                .problems("job-not-found");
        route(
                        "GET",
                        "/jobs/{id}/events",
                        JOBS,
                        "streamJobEvents",
                        "Server-Sent Events: a `status` event per transition and an `epoch` event per epoch, until the job "
                                + "ends")
                .ok(200, "The event stream")
                .problems("job-not-found", "too-many-job-streams", "too-many-streams");
        route(
                        "POST",
                        "/jobs/{id}/cancel",
                        JOBS,
                        "cancelJob",
                        "Cancel a queued job at once, a running one at its next batch boundary")
                .ok(200, "Cancelled (it was queued, or already cancelled)", "Location")
                .ok(202, "Running: it stops at its next batch boundary", "Location")
                .problems("job-not-found", "job-finished");
    }

    private static void models() {
        route("GET", "/models", MODELS, "listModels", "List registered models with their latest version and aliases")
                .ok(200, "A page of models")
                .problems("validation")
                .param("page", PAGE)
                .param("size", SIZE);
        route("GET", "/models/{name}", MODELS, "getModel", "A model: every version with its metrics, and the aliases")
                .ok(200, "The model")
                .problems("model-not-found")
                .param("name", MODEL_NAME);
        route(
                        "GET",
                        "/models/{name}/versions/{version}",
                        MODELS,
                        "getModelVersion",
                        "One version: spec, dataset schema, normalization, metrics, source job")
                .ok(200, "The version")
                .problems("model-not-found", "model-version-not-found")
                .param("name", MODEL_NAME)
                .param("version", VERSION);
        route(
                        "PUT",
                        "/models/{name}/aliases/{alias}",
                        MODELS,
                        "setModelAlias",
                        "Point an alias at a version (creates or moves it)")
                .ok(200, "The alias")
                .problems("validation", "model-not-found", "model-version-not-found")
                .param("name", MODEL_NAME)
                .param("alias", "starts with a letter; up to 64 letters, digits, '.', '_' or '-'; not `latest`")
                .example("champion", "Point the alias at version 1", "{\"version\": 1}");
        route("DELETE", "/models/{name}/aliases/{alias}", MODELS, "deleteModelAlias", "Remove an alias")
                .ok(204, "Removed")
                .problems("model-not-found", "model-alias-not-found")
                .param("name", MODEL_NAME);
    }

    private static void prediction() {
        for (String path : new String[] {"/models/{name}/predict", "/models/{name}/versions/{version}/predict"}) {
            boolean latest = !path.contains("{version}");
            route(
                            "POST",
                            path,
                            PREDICTION,
                            latest ? "predict" : "predictVersion",
                            (latest
                                            ? "Predict with the latest version"
                                            : "Predict with a version, `latest` or an alias")
                                    + " (dropout off; Monte-Carlo dropout uncertainty on request)")
                    .ok(200, "One prediction per instance, in order")
                    .problems(
                            "invalid-instances",
                            "validation",
                            "model-not-found",
                            "too-many-instances",
                            "prediction-too-expensive",
                            "prediction-busy",
                            "prediction-timeout",
                            "prediction-cancelled")
                    .problems(latest ? new String[0] : new String[] {"model-version-not-found"})
                    .example("instances", "Arrays in feature order, or objects by feature name", """
                            {"instances": [[5.1, 3.5, 1.4, 0.2],
                                           {"sepal_length_cm": 6.3, "sepal_width_cm": 3.3,
                                            "petal_length_cm": 6.0, "petal_width_cm": 2.5}]}""")
                    .example("mcDropout", "How sure it is: 100 passes with dropout on, seeded", """
                            {"instances": [[5.9, 3.0, 5.1, 1.8]], "mcDropout": {"samples": 100, "seed": 7}}""");
        }
    }

    private static void openInference() {
        route("GET", "/v2", V2, "serverMetadata", "Server metadata").ok(200, "Name, version, extensions");
        route("GET", "/v2/", V2, "serverMetadataSlash", "Server metadata (same as `/v2`)")
                .ok(200, "Name, version, extensions");
        route("GET", "/v2/health/live", V2, "serverLive", "Liveness (needs no key)")
                .ok(200, "Live");
        route("GET", "/v2/health/ready", V2, "serverReady", "Readiness (needs no key)")
                .ok(200, "Ready: accepting traffic")
                .ok(503, "Not ready (`{\"ready\": false}`): the application refuses traffic, e.g. while shutting down");
        String[][] versions = {{"", "the latest version"}, {"/versions/{version}", "a version"}};
        for (String[] v : versions) {
            boolean latest = v[0].isEmpty();
            String suffix = latest ? "" : "Version";
            route(
                            "GET",
                            "/v2/models/{name}" + v[0],
                            V2,
                            "modelMetadata" + suffix,
                            "Model metadata of " + v[1] + ": the input tensor `input` and the outputs")
                    .ok(200, "The model's tensors")
                    .problems("model-not-found")
                    .problems(latest ? new String[0] : new String[] {"model-version-not-found"});
            route(
                            "GET",
                            "/v2/models/{name}" + v[0] + "/ready",
                            V2,
                            "modelReady" + suffix,
                            "Readiness of " + v[1] + " (loads it if it is not loaded yet)")
                    .ok(200, "Ready")
                    .problems("model-not-found")
                    .problems(latest ? new String[0] : new String[] {"model-version-not-found"});
            route(
                            "POST",
                            "/v2/models/{name}" + v[0] + "/infer",
                            V2,
                            "modelInfer" + suffix,
                            "Inference with " + v[1] + ": one FP32 input tensor `input` of shape [n, features]")
                    .ok(
                            200,
                            "`probabilities` and `label` (classification) or `value` (regression); `std` with "
                                    + "MC dropout")
                    .problems(
                            "invalid-instances",
                            "validation",
                            "model-not-found",
                            "too-many-instances",
                            "prediction-too-expensive",
                            "prediction-busy",
                            "prediction-timeout",
                            "prediction-cancelled")
                    .problems(latest ? new String[0] : new String[] {"model-version-not-found"})
                    .example("iris", "One iris flower", """
                            {"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4],
                                         "data": [5.1, 3.5, 1.4, 0.2]}]}""")
                    .example("mcDropout", "Monte-Carlo dropout through `parameters`: adds the `std` output", """
                            {"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 4],
                                         "data": [5.9, 3.0, 5.1, 1.8]}],
                             "parameters": {"mc_samples": 100, "mc_seed": 7}}""");
        }
    }
}
