package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.dropwise.config.TrainingProperties;
import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import io.dropwise.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The jobs API end to end on H2: the flows, every kind of rejected request, and the queue's guarantees. */
class JobApiIntegrationTests extends IntegrationTest {

    private static final String PROBLEMS = JobScenarios.PROBLEMS;

    @Autowired
    JobSubmission service;

    @Autowired
    Scheduler scheduler;

    @Autowired
    JobModelLink modelLink;

    @Autowired
    DatasetInUseAdapter inUseCheck;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    TrainingProperties properties;

    private JobScenarios scenarios;

    @BeforeEach
    void scenarios() {
        scenarios = new JobScenarios(api, jdbc);
    }

    @Test
    void anIrisJobRunsToSuccessAndItsEventsReplay() {
        String id = scenarios.irisJobRunsToSuccess();
        scenarios.eventsOfAFinishedJobReplayEpochsThenStatus(id);
    }

    @Test
    void eventsFollowARunningJobToItsEnd() {
        scenarios.eventsFollowARunningJob();
    }

    @Test
    void anUploadedRegressionCsvTrains() {
        scenarios.uploadedRegressionCsvTrains();
    }

    @Test
    void queuedAndRunningJobsCanBeCancelledFinishedOnesCannot() {
        String finished = scenarios.irisJobRunsToSuccess();
        scenarios.cancelQueuedAndRunningJobs(finished);
    }

    @Test
    void aReusedIdempotencyKeyWithAnotherSpecIsRefusedAndWritesNothing() {
        String key = UUID.randomUUID().toString();
        Api.Response first = api.postJson(
                "/jobs", "{\"datasetId\": \"iris\", \"training\": {\"epochs\": 1}}", Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(202);
        String id = first.json().get("id").asString();
        awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED");
        awaitNoActiveJobs(JobScenarios.TIMEOUT);
        List<Long> before = counts();

        scenarios.idempotencyKeyReuseWithAnotherSpecIsRefused(key, id);
        Api.Response badKey = api.postJson("/jobs", "{\"datasetId\": \"iris\"}", Map.of("Idempotency-Key", "a b"));
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.json().at("/errors/0/field").asString()).isEqualTo("Idempotency-Key");
        // defaults filled in make this the same spec as the first request
        Api.Response same = api.postJson("/jobs", """
                {"datasetId": "iris", "name": "iris", "training": {"epochs": 1, "batchSize": 32}}""", Map.of("Idempotency-Key", key));
        assertThat(same.status()).as("a replay answers what the original did").isEqualTo(202);
        assertThat(same.json().get("id").asString()).isEqualTo(id);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void anIdempotencyKeyIsBoundToTheWebhookSecretTooThoughNoViewShowsIt() {
        String key = UUID.randomUUID().toString();
        String spec = """
                {"datasetId": "iris", "training": {"epochs": 1},
                 "notify": {"url": "http://127.0.0.1:9/hook", "secret": "%s"}}""";
        Api.Response first = api.postJson("/jobs", spec.formatted("0123456789abcdef"), Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        String id = first.json().get("id").asString();
        assertThat(first.body()).doesNotContain("0123456789abcdef");
        long jobs = count("training_job");

        Api.Response other = api.postJson("/jobs", spec.formatted("fedcba9876543210"), Map.of("Idempotency-Key", key));
        assertThat(other.status()).as(other.body()).isEqualTo(422);
        assertThat(other.json().get("type").asString()).endsWith("idempotency-key-reused");
        Api.Response same = api.postJson("/jobs", spec.formatted("0123456789abcdef"), Map.of("Idempotency-Key", key));
        assertThat(same.status()).isEqualTo(202);
        assertThat(same.json().get("id").asString()).isEqualTo(id);
        assertThat(count("training_job")).isEqualTo(jobs);
        awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED");
    }

    static Stream<Arguments> badJobs() {
        return Stream.of(
                bad(
                        "dropout 1.0",
                        "{'datasetId': 'iris', 'model': {'hiddenLayers': [{'dropout': 1.0}]}}",
                        "validation",
                        "model.hiddenLayers[0].dropout"),
                bad(
                        "negative dropout",
                        "{'datasetId': 'iris', 'model': {'hiddenLayers': [{'dropout': -0.5}]}}",
                        "validation",
                        "model.hiddenLayers[0].dropout"),
                bad(
                        "NaN dropout",
                        "{'datasetId': 'iris', 'model': {'inputDropout': 'NaN'}}",
                        "validation",
                        "model.inputDropout"),
                bad("1e309", "{'datasetId': 'iris', 'training': {'l2': 1e309}}", "validation", "training.l2"),
                bad(
                        "zero units",
                        "{'datasetId': 'iris', 'model': {'hiddenLayers': [{'units': 0}]}}",
                        "validation",
                        "model.hiddenLayers[0].units"),
                bad(
                        "absurd units",
                        "{'datasetId': 'iris', 'model': {'hiddenLayers': [{'units': 1000000}]}}",
                        "validation",
                        "model.hiddenLayers[0].units"),
                bad(
                        "absurd epochs",
                        "{'datasetId': 'iris', 'training': {'epochs': 2000000}}",
                        "validation",
                        "training.epochs"),
                bad(
                        "zero batch",
                        "{'datasetId': 'iris', 'training': {'batchSize': 0}}",
                        "validation",
                        "training.batchSize"),
                bad(
                        "too many params",
                        "{'datasetId': 'digits', 'model': {'hiddenLayers': "
                                + "[{'units': 4096}, {'units': 4096}, {'units': 4096}, {'units': 4096}]}}",
                        "validation",
                        "model.hiddenLayers"),
                bad("unknown dataset", "{'datasetId': 'no-such-dataset'}", "validation", "datasetId"),
                bad("missing dataset", "{'training': {'epochs': 3}}", "validation", "datasetId"),
                bad("unknown field", "{'datasetId': 'iris', 'epochs': 3}", "validation", "epochs"),
                bad(
                        "unknown nested",
                        "{'datasetId': 'iris', 'training': {'epoch': 3}}",
                        "validation",
                        "training.epoch"),
                bad(
                        "unknown enum",
                        "{'datasetId': 'iris', 'training': {'optimizer': {'type': 'rmsprop'}}}",
                        "validation",
                        "training.optimizer.type"),
                bad(
                        "wrong enum case",
                        "{'datasetId': 'iris', 'training': {'dropoutScaling': 'INVERTED'}}",
                        "validation",
                        "training.dropoutScaling"),
                bad(
                        "wrong type",
                        "{'datasetId': 'iris', 'training': {'epochs': 'ten'}}",
                        "validation",
                        "training.epochs"),
                bad(
                        "fractional epochs",
                        "{'datasetId': 'iris', 'training': {'epochs': 2.5}}",
                        "validation",
                        "training.epochs"),
                bad("malformed JSON", "{'datasetId': 'iris',", "malformed-request", null),
                bad("not an object", "[1, 2, 3]", "malformed-request", null));
    }

    /** A rejected body (single-quoted JSON), its problem type slug and the field named in {@code errors[]}. */
    private static Arguments bad(String title, String body, String type, String field) {
        return Arguments.of(title, body.replace('\'', '"'), type, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJobs")
    void anInvalidJobIsAProblemAndWritesNothing(String title, String body, String type, String field) {
        awaitNoActiveJobs(JobScenarios.TIMEOUT);
        List<Long> before = counts();

        Api.Response response = api.postJson("/jobs", body);

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + type);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("errors")
                            .valueStream()
                            .map(e -> e.get("field").asString()))
                    .as("%s", problem)
                    .contains(field);
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aDivergingJobFailsWithTheReason() {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i * 10).append(',').append(i * 1000).append('\n');
        }
        String datasetId = api.send(
                        "POST", "/datasets?name=steep&task=regression", "text/csv", csv.toString(), Map.of())
                .json()
                .get("id")
                .asString();
        String id =
                api.postJson("/jobs", """
                {"datasetId": "%s", "model": {"inputDropout": 0, "hiddenLayers": []},
                 "training": {"epochs": 20, "featureScaling": "none", "maxNorm": 0, "l2": 0,
                              "optimizer": {"learningRate": 10, "momentum": 0.99}}}""".formatted(datasetId)).json().get("id").asString();
        // a regression run has no validation accuracy to stop on: refused before anything is stored
        long jobs = count("training_job");
        var refused = api.postJson("/jobs", """
                {"datasetId": "%s", "training": {"earlyStopping": {"metric": "validationAccuracy"}}}""".formatted(datasetId));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("training.earlyStopping.metric");
        assertThat(count("training_job")).isEqualTo(jobs);
        JsonNode job = awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(job.get("status").asString()).as("%s", job).isEqualTo("FAILED");
        assertThat(job.get("error").asString()).contains("diverged", "learning rate");
        assertThat(job.get("finishedAt").isNull()).isFalse();
        JsonNode epochs = api.get("/jobs/" + id + "/metrics").json().get("epochs");
        assertThat(epochs.get(epochs.size() - 1).has("trainLoss"))
                .as("the diverged epoch's row is written (by the job's writer) before the job fails: %s", epochs)
                .isFalse();
        assertThat(jdbc.queryForList("select outcome from job_attempt where job_id = ?", String.class, id))
                .containsExactly("FAILED");
        assertThat(api.post("/jobs/" + id + "/cancel").status()).isEqualTo(409);
    }

    @Test
    void aMissingBodyOrAnotherContentTypeIsAProblem() {
        List<Long> before = counts();
        Api.Response empty = api.send("POST", "/jobs", "application/json", null, Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("type").asString()).isEqualTo(PROBLEMS + "malformed-request");
        Api.Response text = api.send("POST", "/jobs", "text/plain", "{\"datasetId\": \"iris\"}", Map.of());
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.contentType()).startsWith("application/problem+json");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aFullQueueRefusesWith429AndRetryAfterAndWritesNothing() {
        awaitNoActiveJobs(JobScenarios.TIMEOUT);
        List<Long> before = counts();
        JobSpec spec = new JobSpec(null, "iris", null, null);

        assertThatThrownBy(() -> service.submit(spec, null, 0)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(429);
            assertThat(e.type().toString()).isEqualTo(PROBLEMS + "queue-full");
            assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("10");
            assertThat(e.getBody().getDetail()).contains("dropwise.limits.max-queued-jobs");
        });
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void theJobAndItsQueueEntryCommitTogether() {
        long tasks = count("scheduled_tasks");
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    scheduler.scheduleIfNotExists(
                            new TaskInstance<Void>(TrainingConfiguration.TASK, "job-rolled-back"),
                            Instant.now().plusSeconds(3600));
                    throw new IllegalStateException("roll back");
                }))
                .hasMessage("roll back");
        assertThat(count("scheduled_tasks"))
                .as("scheduling joined the rolled-back transaction")
                .isEqualTo(tasks);
    }

    @Test
    void jobsAreListedNewestFirstAndFilteredByStatus() {
        String id = scenarios.irisJobRunsToSuccess();
        JsonNode page = api.get("/jobs?status=succeeded&size=100").json();
        assertThat(page.get("items").valueStream().map(j -> j.get("status").asString()))
                .containsOnly("SUCCEEDED");
        assertThat(page.get("items").valueStream().map(j -> j.get("id").asString()))
                .contains(id);
        assertThat(page.get("totalItems").asLong()).isPositive();
        JsonNode all = api.get("/jobs?page=0&size=1").json();
        assertThat(all.get("items").size()).isEqualTo(1);
        assertThat(all.get("size").asInt()).isEqualTo(1);

        Api.Response bad = api.get("/jobs?status=done&size=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .containsExactly("status", "size");
    }

    @Test
    void anUnknownJobIsA404OnEveryEndpoint() {
        for (String path : List.of(
                "/jobs/job-nope", "/jobs/job-nope/metrics", "/jobs/job-nope/checkpoints", "/jobs/job-nope/events")) {
            Api.Response response = api.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.json().get("type").asString()).isEqualTo(PROBLEMS + "job-not-found");
        }
        assertThat(api.post("/jobs/job-nope/cancel").status()).isEqualTo(404);
    }

    @Test
    void theModelRegistryLinksAVersionToTheJob() {
        String id = scenarios.irisJobRunsToSuccess();
        modelLink.attachModelVersion(id, "iris-linked", 7);
        JsonNode job = api.get("/jobs/" + id).json();
        assertThat(job.at("/model/name").asString()).isEqualTo("iris-linked");
        assertThat(job.at("/model/version").asInt()).isEqualTo(7);
    }

    @Test
    void aDatasetOfARunningJobIsInUseAndCannotBeDeleted() {
        Api.Response uploaded = api.send(
                "POST",
                "/datasets?name=inuse",
                "text/csv",
                "a,b,label\n" + "1,2,x\n3,4,y\n5,6,x\n7,8,y\n".repeat(50),
                Map.of());
        assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
        String datasetId = uploaded.json().get("id").asString();
        assertThat(inUseCheck.inUse(datasetId)).isFalse();
        String jobId =
                api.postJson("/jobs", """
                {"datasetId": "%s", "training": {"epochs": 10000, "earlyStopping": {"patience": 0}}}""".formatted(datasetId)).json().get("id").asString();
        try {
            assertThat(inUseCheck.inUse(datasetId)).isTrue();
            Api.Response refused = api.delete("/datasets/" + datasetId);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("type").asString()).isEqualTo(PROBLEMS + "dataset-in-use");
        } finally {
            api.post("/jobs/" + jobId + "/cancel");
            awaitJob(jobId, JobScenarios.TIMEOUT, "CANCELLED", "FAILED", "SUCCEEDED");
        }
        assertThat(inUseCheck.inUse(datasetId)).isFalse();
        assertThat(api.delete("/datasets/" + datasetId).status()).isEqualTo(204);
    }

    /**
     * Spring's test context cache pauses an inactive context (stopping its lifecycle beans, as a shutdown does) and
     * restarts it when a test class needs it again: a running job goes back to the queue and resumes afterwards.
     */
    @Test
    void aPausedAndRestartedContextRequeuesAndThenResumesItsJobs() {
        String id = api.postJson("/jobs", """
                {"datasetId": "digits", "model": {"hiddenLayers": [{"units": 128}]},
                 "training": {"epochs": 8, "earlyStopping": {"patience": 0}}}""").json().get("id").asString();
        scenarios.awaitEpoch(id, 1);
        context.pause();
        try {
            JsonNode paused = api.get("/jobs/" + id).json();
            assertThat(paused.get("status").asString()).isIn("QUEUED", "SUCCEEDED");
        } finally {
            context.restart();
        }
        JsonNode job = awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/progress/epoch").asInt()).isEqualTo(8);
    }

    /**
     * A worker that died mid-run (here: a job row RUNNING under attempt 1 of a worker "ghost", its db-scheduler
     * execution picked with a heartbeat an hour old, and a mid-run checkpoint copied from a finished twin job): the
     * scheduler finds the dead execution, the job goes back to QUEUED with attempt 1 LOST, and attempt 2 resumes from
     * the checkpoint to the twin's model, bit for bit.
     */
    @Test
    void aJobWhoseWorkerDiedIsTakenOverAndResumesFromItsCheckpoint() {
        String spec = """
                {"datasetId": "wine", "model": {"hiddenLayers": [{"units": 32}]},
                 "training": {"epochs": 6, "earlyStopping": {"patience": 0}}}""";
        String twin = api.postJson("/jobs", spec).json().get("id").asString();
        assertThat(awaitJob(twin, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED")
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
        Map<String, Object> midRun = jdbc.queryForMap(
                "select * from checkpoint where job_id = ? and kind = 'PERIODIC' " + "order by epoch limit 1", twin);
        int resumeEpoch = ((Number) midRun.get("EPOCH")).intValue();
        assertThat(resumeEpoch).isBetween(1, 5);

        String ghost = "job-ghost-" + UUID.randomUUID().toString().substring(0, 8);
        java.sql.Timestamp hourAgo = java.sql.Timestamp.from(Instant.now().minusSeconds(3600));
        jdbc.update(
                "insert into training_job (id, name, dataset_id, status, spec_json, epochs, request_hash, "
                        + "cancel_requested, attempts, worker, current_epoch, created_at, started_at, updated_at, version) "
                        + "select ?, name, dataset_id, 'RUNNING', spec_json, epochs, 'none', false, 1, 'ghost', ?, "
                        + "created_at, created_at, created_at, 1 from training_job where id = ?",
                ghost,
                resumeEpoch,
                twin);
        jdbc.update(
                "insert into job_attempt (job_id, attempt, worker, started_at) values (?, 1, 'ghost', ?)",
                ghost,
                hourAgo);
        jdbc.update(
                "insert into epoch_metric (job_id, epoch, attempt, train_loss, epoch_millis, created_at) "
                        + "select ?, epoch, 1, train_loss, epoch_millis, created_at from epoch_metric "
                        + "where job_id = ? and epoch <= ?",
                ghost,
                twin,
                resumeEpoch);
        jdbc.update(
                "insert into checkpoint (job_id, attempt, epoch, batch, kind, validation_loss, size_bytes, "
                        + "format_version, chunks, created_at) select ?, 1, epoch, batch, kind, validation_loss, "
                        + "size_bytes, format_version, chunks, created_at from checkpoint where id = ?",
                ghost,
                midRun.get("ID"));
        jdbc.update(
                "insert into checkpoint_chunk (checkpoint_id, seq, data) select (select id from checkpoint "
                        + "where job_id = ?), seq, data from checkpoint_chunk where checkpoint_id = ?",
                ghost,
                midRun.get("ID"));
        jdbc.update(
                "insert into scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, "
                        + "last_heartbeat, version) values (?, ?, ?, true, 'ghost', ?, 1)",
                TrainingConfiguration.TASK,
                ghost,
                hourAgo,
                hourAgo);

        JsonNode job = awaitJob(ghost, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(job.get("status").asString()).as("%s", job).isEqualTo("SUCCEEDED");
        assertThat(job.get("attempts").asInt()).isEqualTo(2);
        List<Map<String, Object>> attempts = jdbc.queryForList(
                "select worker, outcome, resumed_from_epoch from job_attempt where job_id = ? order by attempt", ghost);
        assertThat(attempts)
                .extracting(a -> a.get("WORKER") + ":" + a.get("OUTCOME"))
                .containsExactly("ghost:LOST", properties.instanceId() + ":SUCCEEDED");
        assertThat(((Number) attempts.get(1).get("RESUMED_FROM_EPOCH")).intValue())
                .isEqualTo(resumeEpoch);
        assertThat(api.get("/jobs/" + ghost + "/metrics").json().get("epochs").size())
                .isEqualTo(6);
        byte[] twinModel =
                jdbc.queryForObject("select model_data from model_version where source_job_id = ?", byte[].class, twin);
        byte[] resumedModel = jdbc.queryForObject(
                "select model_data from model_version where source_job_id = ?", byte[].class, ghost);
        assertThat(resumedModel)
                .as("resumed after a lost worker == never interrupted")
                .isEqualTo(twinModel);
    }

    @Test
    void openApiSwaggerAndPrometheusDescribeTheJobs() {
        scenarios.irisJobRunsToSuccess();
        assertThat(context.getBean("requestMappingHandlerMapping").getClass().getName())
                .as("annotated routes are looked up through the first-segment index")
                .isEqualTo("io.dropwise.web.IndexedHandlerMapping$Mapping");
        JsonNode docs = api.get("/v3/api-docs").json();
        assertThat(docs.get("paths").propertyNames())
                .contains(
                        "/jobs",
                        "/jobs/{id}",
                        "/jobs/{id}/metrics",
                        "/jobs/{id}/events",
                        "/jobs/{id}/cancel",
                        "/jobs/{id}/checkpoints");
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").json().get("status").asString())
                .isEqualTo("UP");

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String prometheus;
        do {
            prometheus = api.get("/actuator/prometheus").body();
            sleep(200);
        } while (!prometheus.matches("(?s).*dropwise_jobs\\{status=\"succeeded\"} [1-9].*")
                && System.nanoTime() < deadline);
        assertThat(prometheus)
                .containsPattern("dropwise_jobs\\{status=\"succeeded\"} [1-9]")
                .contains(
                        "dropwise_jobs_queue_depth",
                        "dropwise_training_running",
                        "dropwise_training_epoch_duration_seconds_count",
                        "dropwise_training_samples_per_second",
                        "http_server_requests_seconds_count")
                // a route with path variables is tagged with its pattern (found by IndexedHandlerMapping's index)
                .contains("uri=\"/jobs/{id}\"")
                // Spring Security's filter-chain observations are off (a quarter of a request's CPU; operations.md)
                .doesNotContain("spring_security_filterchains");
    }
}
