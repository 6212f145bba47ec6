package io.dropwise.web;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every problem type the API answers with, as the OpenAPI document shows it: status, title and a typical detail.
 * The titles are the ones the code sets ({@code ApiException}s, {@link ProblemHandler}, {@code SecurityProblems});
 * {@code ApiProblemsTests} reads the sources and fails when a type or title here differs from the thrown one.
 */
final class ApiProblems {

    /** One kind of problem: its {@code type} slug under {@link ProblemTypes#BASE}. */
    record Problem(String slug, int status, String title, String detail) {}

    private static final Map<String, Problem> BY_SLUG = new LinkedHashMap<>();

    static {
        add(
                "validation",
                400,
                "Invalid request",
                "model.hiddenLayers[0].dropout: is the probability of dropping a unit and must be in [0, 1)");
        add(
                "malformed-request",
                400,
                "Malformed request",
                "The body is not valid JSON for this request: Unexpected end-of-input");
        add("invalid-csv", 400, "Invalid CSV", "The CSV has a header row but no data rows. Add one row per example.");
        add(
                "invalid-dataset",
                400,
                "Unusable dataset",
                "The CSV has 1 data row; at least 2 are needed to train and validate.");
        add(
                "dataset-limit-exceeded",
                400,
                "Dataset too large",
                "The header has 5000 columns; at most 4096 are accepted (dropwise.limits.max-columns).");
        add(
                "invalid-instances",
                400,
                "Invalid instances",
                "1 of 1 instances do not fit the model. First: instances[0]: … 'expected' lists the features in "
                        + "order.");
        add(
                "invalid-model-bundle",
                400,
                "Invalid model bundle",
                "The body is not a usable model bundle: the bundle is damaged: its checksum does not match its "
                        + "contents (CRC32 1c291ca3, computed 5e1f2a07).");
        add(
                "unsupported-bundle-version",
                400,
                "Unsupported bundle version",
                "The model bundle cannot be read: bundle format version 2 is not supported; this service reads "
                        + "version 1.");
        add(
                "unauthorized",
                401,
                "Missing or invalid API key",
                "This endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
        add(
                "forbidden",
                403,
                "Insufficient scope",
                "This API key lacks the 'train' scope needed for GET /jobs. Use a key with that " + "scope.");
        add(
                "dataset-not-found",
                404,
                "Dataset not found",
                "No dataset with id 'ds-0'. GET /datasets lists the available ones.");
        add("job-not-found", 404, "Job not found", "No job with id 'job-0'. GET /jobs lists the jobs.");
        add("sweep-not-found", 404, "Sweep not found", "No sweep has id 'sweep-0'.");
        add(
                "sweep-finished",
                409,
                "Sweep finished",
                "Sweep sweep-0 is SUCCEEDED; only a queued or running sweep can be cancelled.");
        add(
                "model-not-found",
                404,
                "Model not found",
                "No model named 'iris-x'. GET /models lists the registered models; a model appears when a "
                        + "training job that names it succeeds.");
        add(
                "model-version-not-found",
                404,
                "Model version not found",
                "Model 'iris' has no version or alias '7'. Use a version number, 'latest' or an alias; "
                        + "GET /models/iris lists them.");
        add("model-alias-not-found", 404, "Alias not found", "Model 'iris' has no alias 'champion'.");
        add("api-key-not-found", 404, "API key not found", "There is no API key with id 9. GET /api-keys lists them.");
        add(
                "dataset-builtin",
                409,
                "Built-in dataset",
                "'iris' is a built-in dataset and cannot be deleted. Only uploaded datasets can be deleted.");
        add(
                "dataset-in-use",
                409,
                "Dataset in use",
                "Dataset 'ds-0' is used by a queued or running job. Cancel the job or wait for it to finish, then "
                        + "retry.");
        add(
                "job-finished",
                409,
                "Job finished",
                "Job job-0 is SUCCEEDED; only a queued or running job can be cancelled.");
        add(
                "job-not-cancelled",
                409,
                "Job not cancelled",
                "Job job-0 is SUCCEEDED; only a cancelled job's checkpoint can be registered (a succeeded job "
                        + "registered its model when it ended).");
        add(
                "job-already-registered",
                409,
                "Job already registered",
                "Job job-0 was already registered as model iris version 3.");
        add(
                "no-usable-checkpoint",
                409,
                "No usable checkpoint",
                "Job job-0 cannot be registered: it was cancelled before its first epoch ended.");
        add(
                "last-admin-key",
                409,
                "Last admin key",
                "Key 1 is the last active key with the 'admin' scope; create another admin key first, or nobody "
                        + "could manage keys any more.");
        add(
                "request-timeout",
                408,
                "Request body too slow",
                "The request body did not arrive within 10000 ms (dropwise.server.body-read-timeout plus its size at "
                        + "dropwise.server.min-body-rate). Send the body at once, or faster.");
        add(
                "payload-too-large",
                413,
                "Payload too large",
                "The request body is larger than 16777216 bytes (dropwise.limits.max-request-bytes). Send less.");
        add(
                "too-many-instances",
                413,
                "Too many instances",
                "2000 instances in one call; at most 1024 are accepted (dropwise.limits.max-instances-per-predict). "
                        + "Split the call.");
        add(
                "prediction-too-expensive",
                413,
                "Prediction too expensive",
                "This call costs 1024 instances × 1001 passes × 4349962 parameters = 4.46e+12 multiply-adds; one call "
                        + "may cost at most 10000000000 (dropwise.prediction.max-work). Ask for at most 2 MC samples "
                        + "for 1024 instances, or split the call.");
        add(
                "unsupported-media-type",
                415,
                "Unsupported media type",
                "Content-Type 'text/plain' is not accepted here. Send one of: application/json.");
        add(
                "idempotency-key-reused",
                422,
                "Idempotency key reused",
                "The Idempotency-Key 'k-1' was already used for job job-0 with a different spec. Use a new key for a "
                        + "different job.");
        add(
                "too-many-job-streams",
                429,
                "Too many event streams on this job",
                "500 event streams are open on job job-0, the most one job serves "
                        + "(dropwise.training.events-max-streams-per-job). Close one, or poll GET /jobs/job-0.");
        add(
                "queue-full",
                429,
                "Too many queued jobs",
                "100 jobs are waiting for a worker, the most this service queues (dropwise.limits.max-queued-jobs). "
                        + "Retry after 10 seconds, or cancel queued jobs.");
        add(
                "batch-not-found",
                404,
                "Batch prediction not found",
                "No batch prediction with id 'batch-0'. GET /batch-predictions lists them.");
        add(
                "batch-finished",
                409,
                "Batch finished",
                "Batch batch-0 is SUCCEEDED; only a queued or running batch can be cancelled.");
        add(
                "batch-not-finished",
                409,
                "Batch not finished",
                "Batch batch-0 is RUNNING; only a finished batch (SUCCEEDED, FAILED or CANCELLED) can be deleted. "
                        + "Cancel it first: POST /batch-predictions/batch-0/cancel.");
        add(
                "batch-result-not-ready",
                409,
                "Result not ready",
                "Batch batch-0 is RUNNING; its result is there once it has SUCCEEDED (or, for a cancelled batch, the "
                        + "rows done before it stopped).");
        add(
                "batch-too-large",
                413,
                "Batch too large",
                "The CSV has more than 50000000 data rows, the most one batch takes (dropwise.batch.max-rows). Split "
                        + "it.");
        add("internal-error", 500, "Internal error", "The server could not complete the request. It has been logged.");
        add(
                "too-many-streams",
                503,
                "Too many event streams",
                "2000 event streams are open on this instance, the most it serves "
                        + "(dropwise.training.events-max-streams). Retry later, or poll GET /jobs/job-0.");
        add(
                "prediction-busy",
                503,
                "Too many Monte-Carlo predictions",
                "This instance is already computing and queueing as many Monte-Carlo dropout predictions as it takes "
                        + "(dropwise.prediction.max-concurrent-monte-carlo and max-queued-monte-carlo). Retry after "
                        + "the Retry-After seconds, or ask without mcDropout for a plain prediction.");
        add(
                "prediction-cancelled",
                503,
                "Prediction cancelled",
                "The client closed the connection, so the Monte-Carlo dropout prediction was stopped.");
        add(
                "prediction-timeout",
                503,
                "Prediction timed out",
                "The Monte-Carlo dropout prediction did not finish within 30000 ms (dropwise.prediction.timeout) and "
                        + "was stopped. Ask for fewer MC samples or instances, or retry later.");
    }

    private ApiProblems() {}

    static {
        ConflictProblems.addTo();
    }

    static void add(String slug, int status, String title, String detail) {
        BY_SLUG.put(slug, new Problem(slug, status, title, detail));
    }

    static Collection<Problem> all() {
        return BY_SLUG.values();
    }

    static Problem of(String slug) {
        Problem problem = BY_SLUG.get(slug);
        if (problem == null) {
            throw new IllegalArgumentException("No problem type '" + slug + "' in ApiProblems");
        }
        return problem;
    }

    /** The example body of a problem response; dataset uploads have their own limit and media types. */
    static Map<String, Object> example(Problem problem, String path, String routeDetail) {
        String detail = routeDetail != null ? routeDetail : problem.detail();
        if (path.startsWith("/datasets")) {
            detail = detail.replace(
                            "16777216 bytes (dropwise.limits.max-request-bytes)",
                            "67108864 bytes (dropwise.limits.max-upload-bytes)")
                    .replace(
                            "Send one of: application/json.",
                            "Send one of: text/csv, application/csv, multipart/form-data.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.BASE + problem.slug());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", detail);
        body.put("instance", path);
        return body;
    }
}
