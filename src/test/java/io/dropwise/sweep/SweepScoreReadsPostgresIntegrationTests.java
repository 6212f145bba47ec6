package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.PostgresIntegrationTest;
import io.dropwise.training.SweepJobs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@link SweepScoreReadsIntegrationTests} on PostgreSQL (the coordinator's reads are plain SQL with aggregates), then
 * {@code DELETE /sweeps/{id}} there: the sweep and its jobs go.
 */
class SweepScoreReadsPostgresIntegrationTests extends PostgresIntegrationTest {

    @Autowired
    SweepJobs jobs;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theAggregatesAreTheBestsOverEveryEpochAndTheSweepCanBeDeleted() {
        String id = SweepScoreReadsIntegrationTests.check(api, jobs, transactions);
        assertThat(api.delete("/sweeps/" + id).status()).isEqualTo(204);
        assertThat(api.get("/sweeps/" + id).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from training_job where sweep_id = ?", Long.class, id))
                .isZero();
    }
}
