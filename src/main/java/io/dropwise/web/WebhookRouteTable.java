package io.dropwise.web;

import static io.dropwise.web.ApiRoutes.JOBS;
import static io.dropwise.web.ApiRoutes.PREDICTION;
import static io.dropwise.web.ApiRoutes.SWEEPS;
import static io.dropwise.web.ApiRoutes.route;

/** The {@link ApiRoutes} entries of completion webhooks (README, Jobs › Webhooks). */
final class WebhookRouteTable {

    private WebhookRouteTable() {}

    static void register() {
        route(
                        "GET",
                        "/jobs/{id}/deliveries",
                        JOBS,
                        "getJobDeliveries",
                        "The delivery log of a job's completion webhook (`notify`): attempts, status codes, next attempt")
                .ok(200, "Every delivery, oldest first, with its attempts")
                .problems("job-not-found");
        route(
                        "GET",
                        "/sweeps/{id}/deliveries",
                        SWEEPS,
                        "getSweepDeliveries",
                        "The delivery log of a sweep's completion webhook (`notify`): attempts, status codes, next"
                                + " attempt")
                .ok(200, "Every delivery, oldest first, with its attempts")
                .problems("sweep-not-found");
        route(
                        "GET",
                        "/batch-predictions/{id}/deliveries",
                        PREDICTION,
                        "getBatchPredictionDeliveries",
                        "The delivery log of a batch prediction's completion webhook (`notifyUrl`): attempts, status"
                                + " codes, next attempt")
                .ok(200, "Every delivery, oldest first, with its attempts")
                .problems("batch-not-found");
    }
}
