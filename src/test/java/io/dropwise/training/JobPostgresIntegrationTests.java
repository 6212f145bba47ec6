package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.PostgresIntegrationTest;
import io.dropwise.support.PostgresTestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job flows on PostgreSQL (the production database): the same end-to-end scenarios as on H2, with db-scheduler
 * claiming work through {@code SELECT ... FOR UPDATE SKIP LOCKED}.
 */
class JobPostgresIntegrationTests extends PostgresIntegrationTest {

    private JobScenarios scenarios;

    @BeforeEach
    void scenarios() {
        scenarios = new JobScenarios(api, jdbc);
    }

    @Test
    void runsOnPostgresqlInItsOwnSchema() {
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
        assertThat(product).isEqualTo("PostgreSQL");
        assertThat(jdbc.queryForObject("select current_schema()", String.class))
                .isEqualTo(PostgresTestDatabase.get().schema);
        assertThat(jdbc.queryForList(
                        "select version from flyway_schema_history where success order by installed_rank",
                        String.class))
                .contains("1", "2");
    }

    @Test
    void aDatasetDeletionRacingASubmissionOnItNeverLetsBothSucceed() throws Exception {
        int[] won = new DatasetDeletionRace(api).run(15);
        System.out.printf("dataset deletion race on PostgreSQL: job won %d, delete won %d of 15%n", won[0], won[1]);
    }

    @Test
    void anIrisJobRunsToSuccessAndItsEventsReplay() {
        String id = scenarios.irisJobRunsToSuccess();
        scenarios.eventsOfAFinishedJobReplayEpochsThenStatus(id);
    }

    @Test
    void anUploadedRegressionCsvTrains() {
        scenarios.uploadedRegressionCsvTrains();
    }

    @Test
    void queuedAndRunningJobsCanBeCancelledFinishedOnesCannot() {
        scenarios.cancelQueuedAndRunningJobs(scenarios.irisJobRunsToSuccess());
    }

    @Test
    void anInvalidJobAndAReusedKeyWriteNothing() {
        String key = UUID.randomUUID().toString();
        Api.Response first = api.postJson(
                "/jobs", "{\"datasetId\": \"iris\", \"training\": {\"epochs\": 1}}", Map.of("Idempotency-Key", key));
        String id = first.json().get("id").asString();
        awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED");
        awaitNoActiveJobs(JobScenarios.TIMEOUT);
        List<Long> before = counts();

        Api.Response invalid = api.postJson("/jobs", """
                {"datasetId": "iris", "model": {"hiddenLayers": [{"dropout": 1.0}]}, "training": {"epochs": 0}}""");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.json().get("type").asString()).isEqualTo(JobScenarios.PROBLEMS + "validation");
        assertThat(invalid.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .containsExactly("model.hiddenLayers[0].dropout", "training.epochs");
        scenarios.idempotencyKeyReuseWithAnotherSpecIsRefused(key, id);
        assertThat(counts()).isEqualTo(before);
    }
}
