package io.dropwise.web;

import static io.dropwise.web.ApiRoutes.PREDICTION;
import static io.dropwise.web.ApiRoutes.route;

/** The {@code /batch-predictions} entries of {@link ApiRoutes} (tag: prediction). */
final class BatchRouteTable {

    private BatchRouteTable() {}

    static void register() {
        route(
                        "POST",
                        "/batch-predictions",
                        PREDICTION,
                        "submitBatchPrediction",
                        "Predict a whole CSV on the job queue: a raw text/csv (or application/csv) body, or a "
                                + "multipart part named `file`; an evaluation too when it has the label column")
                .ok(202, "Accepted: the batch with status QUEUED; `Location` names it", "Location")
                .problems(
                        "validation",
                        "invalid-csv",
                        "model-not-found",
                        "model-version-not-found",
                        "batch-too-large",
                        "payload-too-large",
                        "unsupported-media-type")
                .consumes("text/csv", "application/csv")
                .param("model", "the model's name (required)")
                .param("version", "a version number, `latest` (default) or an alias; pinned when accepted")
                .param("mcSamples", "Monte-Carlo dropout passes (default 50 when `mcSeed` is given); off when absent")
                .param(
                        "mcSeed",
                        "Monte-Carlo dropout seed (default 0); each 1,024-row chunk uses it as one /predict call")
                .param(
                        "notifyUrl",
                        "http(s) URL to POST `batch.succeeded|failed|cancelled` to when the batch ends; its signing"
                                + " secret (16-256 characters) goes in the `Dropwise-Webhook-Secret` header, never"
                                + " in the URL (default: the server's signing secret)")
                .example(
                        "iris",
                        "A header row with the features by name; other columns are passed through",
                        "text/csv",
                        """
                        id,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species
                        a1,5.1,3.5,1.4,0.2,setosa
                        a2,6.3,3.3,6.0,2.5,virginica
                        """);
        route(
                        "GET",
                        "/batch-predictions",
                        PREDICTION,
                        "listBatchPredictions",
                        "List batch predictions, newest first (paged)")
                .ok(200, "A page of batch predictions")
                .problems("validation")
                .param("page", "page number, from 0 (default 0)")
                .param("size", "page size, 1 to 100 (default 20)");
        route(
                        "GET",
                        "/batch-predictions/{id}",
                        PREDICTION,
                        "getBatchPrediction",
                        "Poll a batch: status, progress, rows, the pinned model, the evaluation metrics when done")
                .ok(200, "The batch")
                .problems("batch-not-found");
        route(
                        "GET",
                        "/batch-predictions/{id}/result",
                        PREDICTION,
                        "getBatchPredictionResult",
                        "The result as text/csv, one row per input row in input order (streamed)")
                .ok(200, "The CSV")
                .problems("batch-not-found", "batch-result-not-ready");
        route(
                        "POST",
                        "/batch-predictions/{id}/cancel",
                        PREDICTION,
                        "cancelBatchPrediction",
                        "Cancel a queued batch at once, a running one at its next chunk")
                .ok(200, "Cancelled (it was queued, or already cancelled)", "Location")
                .ok(202, "Running: it stops at its next chunk", "Location")
                .problems("batch-not-found", "batch-finished");
        route(
                        "DELETE",
                        "/batch-predictions/{id}",
                        PREDICTION,
                        "deleteBatchPrediction",
                        "Delete a finished batch: its result, its stored chunks and its webhook deliveries")
                .ok(204, "Deleted")
                .problems("batch-not-found", "batch-not-finished");
    }
}
