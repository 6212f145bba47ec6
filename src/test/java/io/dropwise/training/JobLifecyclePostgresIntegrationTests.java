package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.config.RetentionProperties;
import io.dropwise.support.Api;
import io.dropwise.support.PostgresIntegrationTest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The lifecycle's SQL on PostgreSQL: deleting a job (its version stays and predicts), deleting a version and a
 * model (the registry lock, the row lock), retention's date query and compaction's grouping.
 */
class JobLifecyclePostgresIntegrationTests extends PostgresIntegrationTest {

    @Autowired
    TrainingJobRepository jobs;

    @Autowired
    JobDeletion deletion;

    @Autowired
    CheckpointCompaction compaction;

    @Test
    void deleteJobVersionAndModelThenRetainAndCompact() {
        String name = "pg-life-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response submitted = api.postJson(
                "/jobs",
                "{\"name\": \"" + name + "\", \"datasetId\": \"iris\", "
                        + "\"model\": {\"hiddenLayers\": [{\"units\": 8}]}, \"training\": {\"epochs\": 5, \"batchSize\": 16}}");
        String id = submitted.json().get("id").asString();
        assertThat(awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED")
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
        awaitNoActiveJobs(JobScenarios.TIMEOUT);
        assertThat(count("checkpoint where job_id = '" + id + "'")).isGreaterThan(2);
        String predict = "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}";
        String before = api.postJson("/models/" + name + "/predict", predict).body();

        Long newest = jdbc.queryForObject("select max(id) from checkpoint where job_id = ?", Long.class, id);
        assertThat(compaction.compact()).isPositive();
        // the newest and the lowest validation loss (one checkpoint when they coincide)
        assertThat(count("checkpoint where job_id = '" + id + "'")).isBetween(1L, 2L);
        assertThat(count("checkpoint where id = " + newest)).isEqualTo(1);

        assertThat(api.delete("/jobs/" + id).status()).isEqualTo(204);
        assertThat(count("training_job where id = '" + id + "'")).isZero();
        assertThat(count("epoch_metric where job_id = '" + id + "'")).isZero();
        assertThat(count("checkpoint where job_id = '" + id + "'")).isZero();
        assertThat(api.get("/models/" + name + "/versions/1")
                        .json()
                        .get("sourceJobDeletedAt")
                        .isNull())
                .isFalse();
        assertThat(api.postJson("/models/" + name + "/predict", predict).body()).isEqualTo(before);

        api.send(
                "PUT",
                "/models/" + name + "/aliases/champion",
                "application/json",
                "{\"version\": 1}",
                java.util.Map.of());
        assertThat(api.delete("/models/" + name + "/versions/1").status()).isEqualTo(409);
        assertThat(api.delete("/models/" + name + "/aliases/champion").status()).isEqualTo(204);
        assertThat(api.delete("/models/" + name + "/versions/1").status()).isEqualTo(204);
        assertThat(api.postJson("/models/" + name + "/predict", predict).status())
                .isEqualTo(404);
        assertThat(api.delete("/models/" + name).status()).isEqualTo(204);
        assertThat(api.get("/models/" + name).status()).isEqualTo(404);

        Instant now = Instant.parse("2020-01-01T00:00:00Z");
        String old = insertFinished(now.minus(Duration.ofDays(8)));
        String recent = insertFinished(now.minus(Duration.ofDays(6)));
        JobRetention retention = new JobRetention(
                new RetentionProperties(7, false, Duration.ofHours(1), 100),
                Clock.fixed(now, ZoneOffset.UTC),
                jobs,
                deletion,
                compaction);
        assertThat(retention.run().jobsDeleted()).isEqualTo(1);
        assertThat(count("training_job where id = '" + old + "'")).isZero();
        assertThat(count("training_job where id = '" + recent + "'")).isEqualTo(1);
        deletion.deleteIfFinished(recent);
    }

    private String insertFinished(Instant finishedAt) {
        String id = "job-pg-" + UUID.randomUUID().toString().substring(0, 8);
        Timestamp at = Timestamp.from(finishedAt);
        jdbc.update(
                "insert into training_job (id, name, dataset_id, status, spec_json, epochs, request_hash, "
                        + "cancel_requested, attempts, current_epoch, created_at, started_at, finished_at, updated_at, "
                        + "version) values (?, 'life', 'iris', 'SUCCEEDED', '{}', 1, 'none', false, 1, 1, ?, ?, ?, ?, 0)",
                id,
                at,
                at,
                at,
                at);
        return id;
    }
}
