package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.config.RetentionProperties;
import io.dropwise.dataset.DatasetProvider;
import io.dropwise.dataset.LoadedDataset;
import io.dropwise.engine.Model;
import io.dropwise.engine.ModelCodec;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingResult;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /jobs/{id}}, {@code POST /jobs/{id}/register}, retention and checkpoint compaction, on real jobs
 * (iris, digits with a small network) and on rows written directly where only their dates matter.
 */
class JobLifecycleIntegrationTests extends IntegrationTest {

    private static final String PROBLEMS = JobScenarios.PROBLEMS;
    private static final Duration TIMEOUT = JobScenarios.TIMEOUT;

    @Autowired
    TrainingJobRepository jobs;

    @Autowired
    JobDeletion deletion;

    @Autowired
    CheckpointCompaction compaction;

    @Autowired
    DatasetProvider datasets;

    @Autowired
    JobSpecCodec specs;

    @Test
    void deletingAFinishedJobRemovesItsRowsAndLeavesItsModelVersionPredicting() {
        String name = unique("life-del");
        String id = submit("{\"name\": \"" + name + "\", \"datasetId\": \"iris\", \"model\": {\"hiddenLayers\": "
                + "[{\"units\": 16}]}, \"training\": {\"epochs\": 4, \"batchSize\": 16}}");
        assertThat(awaitJob(id, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED")
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
        awaitNoActiveJobs(TIMEOUT);
        while (count("scheduled_tasks where task_instance = '" + id + "'") > 0) {
            sleep(20);
        }
        String predictBody = "{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]]}";
        Api.Response predicted = api.postJson("/models/" + name + "/versions/1/predict", predictBody);
        assertThat(predicted.status()).isEqualTo(200);
        Api.Response notCancelled = api.post("/jobs/" + id + "/register");
        assertThat(notCancelled.status()).isEqualTo(409);
        assertThat(notCancelled.json().get("type").asString()).isEqualTo(PROBLEMS + "job-not-cancelled");

        Map<String, Long> rows = rowsOf(id);
        assertThat(rows.values()).allMatch(n -> n > 0);
        List<Long> before = counts();
        long chunksBefore = count("checkpoint_chunk");

        Api.Response deleted = api.delete("/jobs/" + id);

        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(rowsOf(id).values()).allMatch(n -> n == 0);
        List<Long> after = counts();
        // dataset, training_job, job_attempt, epoch_metric, checkpoint, scheduled_tasks, then the other features'
        // tables
        List<Long> expected = new java.util.ArrayList<>(before);
        expected.set(1, before.get(1) - rows.get("training_job"));
        expected.set(2, before.get(2) - rows.get("job_attempt"));
        expected.set(3, before.get(3) - rows.get("epoch_metric"));
        expected.set(4, before.get(4) - rows.get("checkpoint"));
        assertThat(after).containsExactlyElementsOf(expected);
        assertThat(count("checkpoint_chunk")).isEqualTo(chunksBefore - rows.get("checkpoint_chunk"));
        assertThat(api.get("/jobs/" + id).status()).isEqualTo(404);
        assertThat(api.get("/jobs/" + id + "/metrics").status()).isEqualTo(404);
        assertThat(api.delete("/jobs/" + id).status()).isEqualTo(404);

        JsonNode version = api.get("/models/" + name + "/versions/1").json();
        assertThat(version.get("sourceJobId").asString()).isEqualTo(id);
        assertThat(version.get("sourceJobDeletedAt").isNull()).isFalse();
        assertThat(api.get("/models/" + name)
                        .json()
                        .at("/versions/0/sourceJobDeletedAt")
                        .isNull())
                .isFalse();
        Api.Response still = api.postJson("/models/" + name + "/versions/1/predict", predictBody);
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.body()).isEqualTo(predicted.body());
    }

    @Test
    void aJobStopsNamingItsModelVersionOnceTheVersionOrTheModelIsDeleted() {
        String name = unique("life-unlink");
        String spec = "{\"name\": \"" + name + "\", \"datasetId\": \"iris\", \"model\": {\"hiddenLayers\": "
                + "[{\"units\": 8}]}, \"training\": {\"epochs\": 2, \"batchSize\": 32}}";
        String first = submit(spec);
        assertThat(awaitJob(first, TIMEOUT, "SUCCEEDED", "FAILED").get("status").asString())
                .isEqualTo("SUCCEEDED");
        String second = submit(spec);
        assertThat(awaitJob(second, TIMEOUT, "SUCCEEDED", "FAILED")
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
        assertThat(api.get("/jobs/" + first).json().at("/model/version").asInt())
                .isEqualTo(1);
        assertThat(api.get("/jobs/" + second).json().at("/model/version").asInt())
                .isEqualTo(2);

        assertThat(api.delete("/models/" + name + "/versions/1").status()).isEqualTo(204);
        assertThat(api.get("/jobs/" + first).json().get("model").isNull()).isTrue();
        assertThat(api.get("/jobs/" + second).json().at("/model/version").asInt())
                .isEqualTo(2);

        // the whole model deleted, and the name trained anew from version 1: the old job never names the new model
        awaitNoActiveJobs(TIMEOUT);
        assertThat(api.delete("/models/" + name).status()).isEqualTo(204);
        assertThat(api.get("/jobs/" + second).json().get("model").isNull()).isTrue();
        String third = submit(spec);
        assertThat(awaitJob(third, TIMEOUT, "SUCCEEDED", "FAILED").get("status").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(api.get("/jobs/" + third).json().at("/model/version").asInt())
                .isEqualTo(1);
        assertThat(api.get("/jobs/" + first).json().get("model").isNull()).isTrue();
        assertThat(api.get("/jobs/" + second).json().get("model").isNull()).isTrue();
    }

    @Test
    void aRunningJobIsNotDeletedAndACancelledJobsBestCheckpointPredictsAsItsBestWeights() {
        String name = unique("life-reg");
        String id = submit("{\"name\": \"" + name + "\", \"datasetId\": \"digits\", \"model\": {\"hiddenLayers\": "
                + "[{\"units\": 24, \"dropout\": 0.2}]}, \"training\": {\"epochs\": 10000, \"batchSize\": 64, "
                + "\"earlyStopping\": {\"patience\": 0}}}");
        awaitEpoch(id, 3);

        long jobsBefore = count("training_job");
        Api.Response running = api.delete("/jobs/" + id);
        assertThat(running.status()).as("%s", running).isEqualTo(409);
        assertThat(running.json().get("type").asString()).isEqualTo(PROBLEMS + "job-not-finished");
        assertThat(running.json().get("jobStatus").asString()).isEqualTo("RUNNING");
        assertThat(count("training_job")).isEqualTo(jobsBefore);
        assertThat(api.post("/jobs/" + id + "/register").status()).isEqualTo(409);

        api.post("/jobs/" + id + "/cancel");
        assertThat(awaitJob(id, TIMEOUT, "CANCELLED", "SUCCEEDED", "FAILED")
                        .get("status")
                        .asString())
                .isEqualTo("CANCELLED");
        long versions = count("model_version");
        Api.Response invalid = api.postJson("/jobs/" + id + "/register", "{\"name\": \"no spaces\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().at("/errors/0/field").asString()).isEqualTo("name");
        assertThat(count("model_version")).isEqualTo(versions);

        Api.Response registered = api.post("/jobs/" + id + "/register");

        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        assertThat(registered.header("Location")).hasValue("/models/" + name + "/versions/1");
        assertThat(registered.json().get("sourceJobId").asString()).isEqualTo(id);
        int bestEpoch = registered.json().get("bestEpoch").asInt();
        assertThat(bestEpoch).isPositive();
        assertThat(api.get("/jobs/" + id).json().at("/model/version").asInt()).isEqualTo(1);
        Api.Response again = api.postJson("/jobs/" + id + "/register", "{\"name\": \"" + name + "-b\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).isEqualTo(PROBLEMS + "job-already-registered");

        // the same run, from scratch, stopped at the best epoch: its best weights are that epoch's
        JobSpec spec =
                specs.read(jdbc.queryForObject("select spec_json from training_job where id = ?", String.class, id));
        LoadedDataset digits = datasets.load("digits");
        TrainingSpec t = EngineSpecs.training(spec);
        TrainingSpec stopped = new TrainingSpec(
                bestEpoch,
                t.batchSize(),
                t.optimizer(),
                t.l1(),
                t.l2(),
                t.maxNorm(),
                t.schedule(),
                t.validationFraction(),
                t.earlyStopping(),
                t.featureScaling(),
                t.seed(),
                t.checkpointEveryEpochs(),
                t.blasThreads());
        TrainingResult fresh = new Trainer(EngineSpecs.network(spec, digits.schema()), stopped)
                .fit(digits.data(), new TrainingListener() {}, () -> false);
        assertThat(fresh.bestEpoch()).isEqualTo(bestEpoch);
        byte[] stored = jdbc.queryForObject(
                "select model_data from model_version where model_name = ? and version = 1", byte[].class, name);
        assertThat(stored).isEqualTo(ModelCodec.encode(fresh.model()));

        float[][] rows = new float[3][];
        for (int r = 0; r < 3; r++) {
            rows[r] = Arrays.copyOfRange(digits.data().x(), r * 64, r * 64 + 64);
        }
        StringBuilder instances = new StringBuilder();
        for (float[] row : rows) {
            instances.append(instances.isEmpty() ? "" : ",").append(Arrays.toString(row));
        }
        JsonNode answer = api.postJson(
                        "/models/" + name + "/versions/1/predict", "{\"instances\": [" + instances + "]}")
                .json();
        float[][] expected = fresh.model().predict(rows);
        List<String> classes = digits.schema().classes();
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < classes.size(); k++) {
                assertThat(Float.parseFloat(answer.at("/predictions/" + r + "/probabilities")
                                .get(classes.get(k))
                                .decimalValue()
                                .toString()))
                        .isEqualTo(expected[r][k]);
            }
        }
        // and as the engine itself returns it from the newest checkpoint
        Model fromCheckpoint = ModelCodec.decode(stored);
        assertThat(fromCheckpoint.predict(rows)).isEqualTo(expected);
    }

    @Test
    void registeringNeedsAUsableCheckpoint() {
        String id = insertJob("CANCELLED", Instant.now(), null);
        try {
            Api.Response none = api.post("/jobs/" + id + "/register");
            assertThat(none.status()).isEqualTo(409);
            assertThat(none.json().get("type").asString()).isEqualTo(PROBLEMS + "no-usable-checkpoint");
            assertThat(api.post("/jobs/job-nope/register").status()).isEqualTo(404);
        } finally {
            deletion.deleteIfFinished(id);
        }
    }

    @Test
    void retentionDeletesExactlyTheFinishedJobsOlderThanTheSetting() {
        // far in the past, so that no other test's job is old enough
        Instant now = Instant.parse("2020-01-01T00:00:00Z");
        String succeeded = insertJob("SUCCEEDED", now.minus(Duration.ofDays(40)), 0.5);
        String failed = insertJob("FAILED", now.minus(Duration.ofDays(31)), 0.5);
        String cancelled = insertJob("CANCELLED", now.minus(Duration.ofDays(30)).minusSeconds(1), 0.5);
        String recent = insertJob("CANCELLED", now.minus(Duration.ofDays(29)), 0.5);
        String queued = insertJob("QUEUED", null, 0.5);
        // a sweep's fold job: its scores make up the sweep's leaderboard, it goes with the sweep only
        String fold = insertJob("SUCCEEDED", now.minus(Duration.ofDays(40)), 0.5);
        jdbc.update(
                "update training_job set sweep_id = ?, trial = 0, fold = 0 where id = ?", "sweep-life-" + fold, fold);
        try {
            // the recurring task is registered (with retention off by default, its runs do nothing)
            assertThat(count("scheduled_tasks where task_name = '" + LifecycleConfiguration.TASK + "'"))
                    .isEqualTo(1);
            JobRetention off = retention(0, now);
            assertThat(off.run().jobsDeleted()).isZero();

            JobRetention.Result result = retention(30, now).run();

            assertThat(result.jobsDeleted()).isEqualTo(3);
            for (String gone : List.of(succeeded, failed, cancelled)) {
                assertThat(rowsOf(gone).values()).as(gone).allMatch(n -> n == 0);
            }
            for (String kept : List.of(recent, queued, fold)) {
                assertThat(rowsOf(kept).get("training_job")).as(kept).isEqualTo(1);
                assertThat(rowsOf(kept).get("checkpoint")).as(kept).isEqualTo(1);
            }
        } finally {
            jdbc.update("delete from training_job where id = ?", queued);
            jdbc.update(
                    "delete from checkpoint_chunk where checkpoint_id in "
                            + "(select id from checkpoint where job_id = ?)",
                    queued);
            jdbc.update("delete from checkpoint where job_id = ?", queued);
            deletion.deleteIfFinished(recent);
            deletion.deleteIfFinished(fold);
        }
    }

    @Test
    void compactionKeepsTheNewestAndTheBestCheckpointOfFinishedJobsOnly() {
        String finished = insertJob("SUCCEEDED", Instant.now(), 0.5);
        long best = insertCheckpoint(finished, 2, 0.3);
        insertCheckpoint(finished, 3, 0.4);
        long newest = insertCheckpoint(finished, 4, 0.6);
        String queued = insertJob("QUEUED", null, 0.5);
        insertCheckpoint(queued, 2, 0.4);
        insertCheckpoint(queued, 3, 0.3);
        String orphan = "job-gone-" + UUID.randomUUID().toString().substring(0, 8);
        long orphaned = insertCheckpoint(orphan, 1, 0.1);
        try {
            assertThat(compaction.compact()).isGreaterThanOrEqualTo(3);

            assertThat(jdbc.queryForList(
                            "select id from checkpoint where job_id = ? order by id", Long.class, finished))
                    .containsExactly(best, newest);
            assertThat(count("checkpoint_chunk where checkpoint_id in (select id from checkpoint where job_id = '"
                            + finished + "')"))
                    .isEqualTo(2);
            assertThat(count("checkpoint where job_id = '" + queued + "'")).isEqualTo(3);
            assertThat(count("checkpoint where id = " + orphaned)).isZero();
            assertThat(count("checkpoint_chunk where checkpoint_id = " + orphaned))
                    .isZero();
        } finally {
            jdbc.update("delete from training_job where id = ?", queued);
            compaction.compact();
            deletion.deleteIfFinished(finished);
        }
    }

    @Test
    void redundantCheckpointsAreAllButTheNewestAndTheLowestValidationLoss() {
        Instant t = Instant.now();
        List<CheckpointInfo> infos = List.of(
                new CheckpointInfo(1, 1, 1, 0, "PERIODIC", 0.5, 10, 1, t, 1),
                new CheckpointInfo(2, 1, 2, 0, "PERIODIC", 0.2, 10, 1, t, 1),
                new CheckpointInfo(3, 1, 3, 0, "PERIODIC", null, 10, 1, t, 1),
                new CheckpointInfo(4, 1, 3, 5, "STOP", 0.9, 10, 1, t, 1));
        assertThat(CheckpointCompaction.redundant(infos)).containsExactly(1L, 3L);
        assertThat(CheckpointCompaction.redundant(infos.subList(0, 1))).isEmpty();
        assertThat(CheckpointCompaction.redundant(List.of())).isEmpty();
    }

    private JobRetention retention(int days, Instant now) {
        return new JobRetention(
                new RetentionProperties(days, false, Duration.ofHours(1), 2),
                Clock.fixed(now, ZoneOffset.UTC),
                jobs,
                deletion,
                compaction);
    }

    private String submit(String spec) {
        Api.Response submitted = api.postJson("/jobs", spec);
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(202);
        return submitted.json().get("id").asString();
    }

    private void awaitEpoch(String id, int epoch) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode job = api.get("/jobs/" + id).json();
            if (job.get("status").asString().equals("RUNNING")
                    && job.at("/progress/epoch").asInt() >= epoch) {
                return;
            }
            assertThat(System.nanoTime()).as("%s", job).isLessThan(deadline);
            sleep(50);
        }
    }

    /** A job row (dates are what matter), one epoch metric, one attempt and one checkpoint of one chunk. */
    private String insertJob(String status, Instant finishedAt, Double validationLoss) {
        String id = "job-life-" + UUID.randomUUID().toString().substring(0, 8);
        Timestamp created = Timestamp.from(finishedAt != null ? finishedAt.minusSeconds(60) : Instant.now());
        jdbc.update(
                "insert into training_job (id, name, dataset_id, status, spec_json, epochs, request_hash, "
                        + "cancel_requested, attempts, current_epoch, created_at, started_at, finished_at, updated_at, "
                        + "version) values (?, 'life', 'iris', ?, '{}', 1, 'none', false, 1, 1, ?, ?, ?, ?, 0)",
                id,
                status,
                created,
                created,
                finishedAt == null ? null : Timestamp.from(finishedAt),
                created);
        jdbc.update(
                "insert into job_attempt (job_id, attempt, worker, started_at) values (?, 1, 'test', ?)", id, created);
        jdbc.update(
                "insert into epoch_metric (job_id, epoch, attempt, train_loss, epoch_millis, created_at) "
                        + "values (?, 1, 1, 0.5, 1, ?)",
                id,
                created);
        if (validationLoss != null) {
            insertCheckpoint(id, 1, validationLoss);
        }
        return id;
    }

    private long insertCheckpoint(String jobId, int epoch, double validationLoss) {
        jdbc.update(
                "insert into checkpoint (job_id, attempt, epoch, batch, kind, validation_loss, size_bytes, "
                        + "format_version, chunks, created_at) values (?, 1, ?, 0, 'PERIODIC', ?, 3, 1, 1, ?)",
                jobId,
                epoch,
                validationLoss,
                Timestamp.from(Instant.now()));
        Long id = jdbc.queryForObject("select max(id) from checkpoint where job_id = ?", Long.class, jobId);
        jdbc.update(
                "insert into checkpoint_chunk (checkpoint_id, seq, data) values (?, 0, ?)", id, new byte[] {1, 2, 3});
        return id;
    }

    private Map<String, Long> rowsOf(String id) {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("training_job", count("training_job where id = '" + id + "'"));
        rows.put("job_attempt", count("job_attempt where job_id = '" + id + "'"));
        rows.put("epoch_metric", count("epoch_metric where job_id = '" + id + "'"));
        rows.put("checkpoint", count("checkpoint where job_id = '" + id + "'"));
        rows.put(
                "checkpoint_chunk",
                count("checkpoint_chunk where checkpoint_id in (select id from checkpoint where job_id = '" + id
                        + "')"));
        return rows;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
