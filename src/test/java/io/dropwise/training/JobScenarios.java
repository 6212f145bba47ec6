package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * End-to-end job flows through the HTTP API, shared by the H2 and the PostgreSQL integration tests. Each asserts the
 * API's answers and the rows behind them.
 */
final class JobScenarios {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final String PROBLEMS = "https://dropwise.io/problems/";
    /** A job that runs until cancelled: digits, a wide network, the most epochs allowed. */
    static final String LONG_JOB = """
            {"datasetId": "digits", "model": {"hiddenLayers": [{"units": 256}, {"units": 256}]},
             "training": {"epochs": 10000, "batchSize": 16, "earlyStopping": {"patience": 0}}}""";

    private final Api api;
    private final JdbcTemplate jdbc;

    JobScenarios(Api api, JdbcTemplate jdbc) {
        this.api = api;
        this.jdbc = jdbc;
    }

    /** Built-in iris, a tiny network, 4 epochs: every read endpoint and the rows behind them. */
    String irisJobRunsToSuccess() {
        String key = UUID.randomUUID().toString();
        Api.Response submitted = api.postJson("/jobs", """
                {"datasetId": "iris", "model": {"hiddenLayers": [{"units": 16}]},
                 "training": {"epochs": 4, "batchSize": 16}}""", Map.of("Idempotency-Key", key));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        assertThat(submitted.header("Location")).hasValue("/jobs/" + id);
        assertThat(submitted.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(submitted.json().at("/spec/training/optimizer/type").asString())
                .isEqualTo("sgd");

        JsonNode job = api.awaitJob(id, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(job.get("status").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(job.at("/progress/epoch").asInt()).isEqualTo(4);
        assertThat(job.at("/progress/fraction").asDouble()).isEqualTo(1.0);
        assertThat(job.at("/latestMetrics/epoch").asInt()).isEqualTo(4);
        int best = job.get("bestEpoch").asInt();
        assertThat(best).isBetween(1, 4);
        assertThat(job.at("/bestMetrics/epoch").asInt()).isEqualTo(best);
        assertThat(job.get("attempts").asInt()).isEqualTo(1);
        assertThat(job.get("error").isNull()).isTrue();
        Instant created = Instant.parse(job.get("createdAt").asString());
        Instant started = Instant.parse(job.get("startedAt").asString());
        Instant finished = Instant.parse(job.get("finishedAt").asString());
        assertThat(created).isBeforeOrEqualTo(started);
        assertThat(started).isBeforeOrEqualTo(finished);
        assertThat(job.at("/model/name").asString())
                .as("the registry linked its version")
                .isEqualTo("iris");
        int version = job.at("/model/version").asInt();
        assertThat(version).isPositive();
        JsonNode registered = api.get("/models/iris/versions/" + version).json();
        assertThat(registered.get("sourceJobId").asString()).isEqualTo(id);
        assertThat(registered.get("bestEpoch").asInt()).isEqualTo(best);
        assertThat(registered.get("spec"))
                .as("the version shows the job's spec, not its stored form")
                .isEqualTo(job.get("spec"));
        assertThat(registered.get("spec").has("specVersion")).isFalse();

        JsonNode metrics = api.get("/jobs/" + id + "/metrics").json();
        assertThat(metrics.get("epochs").size()).isEqualTo(4);
        for (int e = 0; e < 4; e++) {
            JsonNode m = metrics.get("epochs").get(e);
            assertThat(m.get("epoch").asInt()).isEqualTo(e + 1);
            assertThat(m.get("trainLoss").asDouble()).isPositive();
            assertThat(m.get("validationAccuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(m.has("validationRmse")).as("classification has no RMSE").isFalse();
            assertThat(m.get("learningRate").asDouble()).isEqualTo(0.05);
            assertThat(m.get("samplesPerSecond").asDouble()).isPositive();
            assertThat(m.has("gap")).isTrue();
            // where the epoch's time went on the training thread: the parts add up to at most the wall time
            JsonNode time = m.get("time");
            assertThat(time).as("%s", m).isNotNull();
            long parts = 0;
            for (String part : new String[] {
                "trainingMillis", "evaluationMillis", "checkpointMillis", "persistenceMillis", "otherMillis"
            }) {
                assertThat(time.get(part).asLong()).as(part).isNotNegative();
                parts += time.get(part).asLong();
            }
            assertThat(parts)
                    .isBetween(
                            time.get("wallMillis").asLong() - 1,
                            time.get("wallMillis").asLong() + 5);
            assertThat(time.get("nonTrainingShare").asDouble()).isBetween(0.0, 1.0);
        }

        JsonNode checkpoints = api.get("/jobs/" + id + "/checkpoints").json().get("checkpoints");
        assertThat(checkpoints.size()).as("3 kept (retention) of 4 taken").isEqualTo(3);
        JsonNode last = checkpoints.get(checkpoints.size() - 1);
        assertThat(last.get("kind").asString()).isEqualTo("FINAL");
        assertThat(last.get("epoch").asInt()).isEqualTo(4);
        assertThat(last.get("batch").asInt()).isZero();
        assertThat(last.get("sizeBytes").asLong()).isPositive();
        assertThat(last.get("formatVersion").asInt())
                .isEqualTo(3); // CheckpointCodec.VERSION: format 3 stores the schedule's own length

        assertThat(jdbc.queryForList("select outcome from job_attempt where job_id = ?", String.class, id))
                .containsExactly("SUCCEEDED");
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Long.class, id))
                .as("the queue entry is removed")
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from epoch_metric where job_id = ?", Long.class, id))
                .isEqualTo(4);

        // the same key and spec: the same job, not a new one
        Api.Response again = api.postJson("/jobs", """
                {"datasetId": "iris", "model": {"hiddenLayers": [{"units": 16}]},
                 "training": {"epochs": 4, "batchSize": 16}}""", Map.of("Idempotency-Key", key));
        assertThat(again.status()).as("a replay answers what the original did").isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(submitted.header("Idempotent-Replayed")).hasValue("false");
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        return id;
    }

    /** The finished job's stream replays every epoch, then its final status, then ends. */
    void eventsOfAFinishedJobReplayEpochsThenStatus(String jobId) {
        Api.Response stream = api.stream("/jobs/" + jobId + "/events", Duration.ofSeconds(20));
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        List<String> events = events(stream.body());
        assertThat(events).containsExactly("epoch", "epoch", "epoch", "epoch", "status");
        assertThat(stream.body()).contains("\"status\":\"SUCCEEDED\"", "\"trainLoss\"", "\"model\":{\"name\":\"iris\"");
    }

    /** A live stream: status RUNNING, one event per epoch, status SUCCEEDED, end. */
    void eventsFollowARunningJob() {
        Api.Response submitted = api.postJson("/jobs", """
                {"datasetId": "wine", "model": {"hiddenLayers": [{"units": 32}]},
                 "training": {"epochs": 6, "checkpointEveryEpochs": 2}}""");
        String id = submitted.json().get("id").asString();
        Api.Response stream = api.stream("/jobs/" + id + "/events", TIMEOUT);
        List<String> events = events(stream.body());
        assertThat(events).first().isEqualTo("status");
        assertThat(events).last().isEqualTo("status");
        assertThat(events.stream().filter("epoch"::equals).count()).isEqualTo(6);
        assertThat(stream.body()).contains("\"status\":\"SUCCEEDED\"");
        assertThat(stream.body().indexOf("\"status\":\"SUCCEEDED\""))
                .isGreaterThan(stream.body().lastIndexOf("event:epoch"));
    }

    /** A regression CSV uploaded as text/csv, then a job on it. */
    void uploadedRegressionCsvTrains() {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 60; i++) {
            double x1 = i / 10.0;
            double x2 = (i % 7) - 3;
            csv.append(x1)
                    .append(',')
                    .append(x2)
                    .append(',')
                    .append(2 * x1 - x2 + 1)
                    .append('\n');
        }
        Api.Response uploaded = api.send(
                "POST", "/datasets?name=lines&labelColumn=y&task=regression", "text/csv", csv.toString(), Map.of());
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        String datasetId = uploaded.json().get("id").asString();

        Api.Response submitted = api.postJson("/jobs", """
                {"datasetId": "%s", "model": {"inputDropout": 0, "hiddenLayers": [{"units": 8, "dropout": 0.1}]},
                 "training": {"epochs": 5, "validationFraction": 0.25,
                              "optimizer": {"type": "adam", "learningRate": 0.01}}}""".formatted(datasetId));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        assertThat(submitted.json().get("name").asString())
                .as("name defaults to the dataset's")
                .isEqualTo("lines");
        JsonNode job = api.awaitJob(id, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(job.get("status").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        JsonNode epochs = api.get("/jobs/" + id + "/metrics").json().get("epochs");
        assertThat(epochs.size()).isEqualTo(5);
        assertThat(epochs.get(4).get("validationRmse").asDouble()).isPositive();
        assertThat(epochs.get(4).has("validationAccuracy")).isFalse();
        assertThat(epochs.get(4).has("trainAccuracy")).isFalse();

        String model = job.at("/model/name").asString();
        assertThat(model).isEqualTo("lines");
        Api.Response predicted = api.postJson(
                "/models/" + model + "/versions/" + job.at("/model/version").asInt() + "/predict",
                "{\"instances\": [[1.0, 2.0], {\"x1\": 3.0, \"x2\": -1.0}]}");
        assertThat(predicted.status()).as("%s", predicted).isEqualTo(200);
        assertThat(predicted.json().get("predictions").size()).isEqualTo(2);
        assertThat(predicted.json().at("/predictions/0/value").isNumber()).isTrue();
    }

    /**
     * Two long jobs fill both workers, so a third stays queued: cancelling it is immediate; cancelling a running one
     * stops it at a batch boundary with its checkpoints kept; a finished job cannot be cancelled.
     */
    void cancelQueuedAndRunningJobs(String finishedJobId) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Response submitted = api.postJson("/jobs", LONG_JOB);
            assertThat(submitted.status()).as("%s", submitted).isEqualTo(202);
            ids.add(submitted.json().get("id").asString());
        }
        try {
            JsonNode first = awaitEpoch(ids.get(0), 1);
            awaitEpoch(ids.get(1), 1);
            assertThat(first.get("status").asString()).isEqualTo("RUNNING");
            assertThat(api.get("/jobs/" + ids.get(2)).json().get("status").asString())
                    .isEqualTo("QUEUED");

            double cancelledBefore = finishedTotal("cancelled");
            Api.Response queued = api.post("/jobs/" + ids.get(2) + "/cancel");
            assertThat(queued.status()).isEqualTo(200);
            assertThat(finishedTotal("cancelled"))
                    .as("a cancelled queued job is a finished job")
                    .isEqualTo(cancelledBefore + 1);
            assertThat(queued.json().get("status").asString()).isEqualTo("CANCELLED");
            assertThat(queued.json().get("attempts").asInt()).isZero();

            Api.Response running = api.post("/jobs/" + ids.get(0) + "/cancel");
            assertThat(running.status()).as("%s", running).isIn(200, 202);
            JsonNode cancelled = api.awaitJob(ids.get(0), TIMEOUT, "CANCELLED", "SUCCEEDED", "FAILED");
            assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.get("finishedAt").isNull()).isFalse();
            JsonNode checkpoints =
                    api.get("/jobs/" + ids.get(0) + "/checkpoints").json().get("checkpoints");
            assertThat(checkpoints.size()).isPositive();
            assertThat(checkpoints.get(checkpoints.size() - 1).get("kind").asString())
                    .isEqualTo("STOP");
            assertThat(jdbc.queryForList("select outcome from job_attempt where job_id = ?", String.class, ids.get(0)))
                    .containsExactly("CANCELLED");

            Api.Response twice = api.post("/jobs/" + ids.get(0) + "/cancel");
            assertThat(twice.status()).isEqualTo(200);

            Api.Response finished = api.post("/jobs/" + finishedJobId + "/cancel");
            assertThat(finished.status()).isEqualTo(409);
            assertThat(finished.contentType()).startsWith("application/problem+json");
            assertThat(finished.json().get("type").asString()).isEqualTo(PROBLEMS + "job-finished");
            // one "status" member, the HTTP status (RFC 9457); the job's state is an extension of its own
            assertThat(finished.body()).containsOnlyOnce("\"status\"");
            assertThat(finished.json().get("status").asInt()).isEqualTo(409);
            assertThat(finished.json().get("jobStatus").asString()).isIn("SUCCEEDED", "FAILED", "CANCELLED");
        } finally {
            ids.forEach(id -> api.post("/jobs/" + id + "/cancel"));
            ids.forEach(id -> api.awaitJob(id, TIMEOUT, "CANCELLED", "SUCCEEDED", "FAILED"));
        }
    }

    /** {@code dropwise_jobs_finished_total{status=...}} of this instance; 0 before the first. */
    double finishedTotal(String status) {
        String needle = "status=\"" + status + "\"";
        return api.get("/actuator/prometheus")
                .body()
                .lines()
                .filter(l -> l.startsWith("dropwise_jobs_finished_total{") && l.contains(needle))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** A reused key with another spec is refused; a malformed key too. */
    void idempotencyKeyReuseWithAnotherSpecIsRefused(String key, String jobId) {
        Api.Response other = api.postJson("/jobs", "{\"datasetId\": \"wine\"}", Map.of("Idempotency-Key", key));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("type").asString()).isEqualTo(PROBLEMS + "idempotency-key-reused");
        assertThat(other.json().get("jobId").asString()).isEqualTo(jobId);
    }

    JsonNode awaitEpoch(String jobId, int epoch) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = api.get("/jobs/" + jobId).json();
            if (job.at("/progress/epoch").asInt() >= epoch
                    || job.get("status").asString().matches("SUCCEEDED|FAILED")) {
                return job;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not reach epoch " + epoch);
    }

    /** The event names of an SSE body, in order. */
    static List<String> events(String body) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^event:\\s*(\\S+)").matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
