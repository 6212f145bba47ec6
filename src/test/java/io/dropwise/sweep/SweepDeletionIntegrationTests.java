package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import io.dropwise.support.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /sweeps/{id}}: a finished sweep goes with its trial and refit jobs (their rows, attempts, epochs and
 * checkpoints), its trials and its webhook deliveries, while the refit's model version stays; a queued or running
 * sweep is refused (409) and nothing changes; an unknown one is a 404.
 */
class SweepDeletionIntegrationTests extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    @Test
    void aFinishedSweepGoesWithItsJobsEpochsCheckpointsAndDeliveriesButItsModelVersionStays() throws Exception {
        String name = "deleted-sweep-" + UUID.randomUUID().toString().substring(0, 8);
        String id;
        JsonNode sweep;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            id = SweepScenarios.submit(api, """
                    {"name": "%s",
                     "base": {"datasetId": "iris", "model": {"hiddenLayers": [{"units": 8}]},
                              "training": {"epochs": 4, "seed": 5, "checkpointEveryEpochs": 2}},
                     "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.5]}},
                     "validation": {"folds": 2, "seed": 1},
                     "notify": {"url": "%s"}}""".formatted(name, receiver.url("/deleted")));
            sweep = SweepScenarios.await(api, id, TIMEOUT);
            assertThat(sweep.path("status").asString()).as(sweep.toString()).isEqualTo("SUCCEEDED");
            receiver.await("/deleted", 1, TIMEOUT);
        }
        List<String> jobs = new ArrayList<>();
        sweep.path("trials")
                .forEach(t ->
                        t.path("folds").forEach(f -> jobs.add(f.path("jobId").asString())));
        jobs.add(sweep.path("refitJobId").asString());
        assertThat(jobs).hasSize(5);
        int version = sweep.at("/model/version").asInt();
        assertThat(rowsOf("epoch_metric", jobs)).isPositive();
        assertThat(rowsOf("checkpoint", jobs)).isPositive();
        assertThat(rowsOf("job_attempt", jobs)).isPositive();
        assertThat(ownedRows("webhook_delivery", id)).isPositive();
        assertThat(ownedRows("webhook_subscription", id)).isPositive();

        Api.Response deleted = api.delete("/sweeps/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

        assertThat(api.get("/sweeps/" + id).status()).isEqualTo(404);
        assertThat(api.get("/sweeps/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(api.get("/sweeps?size=100").body()).doesNotContain(id);
        for (String job : jobs) {
            assertThat(api.get("/jobs/" + job).status()).as(job).isEqualTo(404);
        }
        assertThat(jdbc.queryForObject("select count(*) from training_job where sweep_id = ?", Long.class, id))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from sweep_trial where sweep_id = ?", Long.class, id))
                .isZero();
        assertThat(rowsOf("training_job", "id", jobs)).isZero();
        assertThat(rowsOf("epoch_metric", jobs)).isZero();
        assertThat(rowsOf("checkpoint", jobs)).isZero();
        assertThat(rowsOf("job_attempt", jobs)).isZero();
        assertThat(ownedRows("webhook_delivery", id)).isZero();
        assertThat(ownedRows("webhook_subscription", id)).isZero();

        // the refit's version is a registered model like any other: it stays, says where it came from, and predicts
        Api.Response kept = api.get("/models/" + name + "/versions/" + version);
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.json().at("/provenance/sweepId").asString()).isEqualTo(id);
        assertThat(kept.json().path("sourceJobId").asString()).isEqualTo(jobs.get(4));
        assertThat(kept.json().path("sourceJobDeletedAt").isMissingNode()
                        || kept.json().path("sourceJobDeletedAt").isNull())
                .as(kept.body())
                .isFalse();
        assertThat(kept.json().path("aliases").toString()).contains("best");

        assertThat(api.delete("/sweeps/" + id).status()).isEqualTo(404);
    }

    @Test
    void aRunningSweepIsRefusedUntilCancelledAndAnUnknownOneIsNotFound() {
        String id = SweepScenarios.submit(api, """
                {"base": {"datasetId": "iris", "model": {"hiddenLayers": [{"units": 8}]},
                          "training": {"epochs": 3000, "earlyStopping": {"patience": 0},
                                       "checkpointEveryEpochs": 500}},
                 "search": {"grid": {"training.l2": [0, 0.001]}},
                 "validation": {"folds": 2}, "refit": false, "maxConcurrentTrials": 1}""");
        Api.Response refused = api.delete("/sweeps/" + id);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json().path("type").asString()).endsWith("/sweep-not-finished");
        assertThat(refused.json().path("sweepStatus").asString()).isIn("QUEUED", "RUNNING");
        JsonNode still = api.get("/sweeps/" + id).json();
        assertThat(still.path("status").asString()).isIn("QUEUED", "RUNNING");

        assertThat(api.post("/sweeps/" + id + "/cancel").status()).isIn(200, 202);
        JsonNode cancelled = SweepScenarios.await(api, id, TIMEOUT);
        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
        List<String> jobs = new ArrayList<>();
        cancelled
                .path("trials")
                .forEach(t ->
                        t.path("folds").forEach(f -> jobs.add(f.path("jobId").asString())));
        assertThat(jobs).isNotEmpty();
        for (String job : jobs) {
            awaitJob(job, TIMEOUT, "CANCELLED", "SUCCEEDED", "FAILED");
        }
        Api.Response deleted = api.delete("/sweeps/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(api.get("/sweeps/" + id).status()).isEqualTo(404);
        assertThat(rowsOf("training_job", "id", jobs)).isZero();

        Api.Response unknown = api.delete("/sweeps/sweep-0000000000000000");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).contains("application/problem+json");
        assertThat(unknown.json().path("type").asString()).endsWith("/sweep-not-found");
    }

    private long rowsOf(String table, List<String> jobs) {
        return rowsOf(table, "job_id", jobs);
    }

    private long rowsOf(String table, String column, List<String> jobs) {
        long rows = 0;
        for (String job : jobs) {
            Long n =
                    jdbc.queryForObject("select count(*) from " + table + " where " + column + " = ?", Long.class, job);
            rows += n == null ? 0 : n;
        }
        return rows;
    }

    private long ownedRows(String table, String sweepId) {
        Long n = jdbc.queryForObject(
                "select count(*) from " + table + " where owner_kind = 'sweep' and owner_id = ?", Long.class, sweepId);
        return n == null ? 0 : n;
    }
}
