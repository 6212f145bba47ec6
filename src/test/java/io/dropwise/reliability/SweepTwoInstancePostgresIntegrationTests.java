package io.dropwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.PostgresTestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two application instances (separate JVMs) on one PostgreSQL schema share one sweep: both train its fold jobs,
 * both coordinators advance it, and every trial × fold is one job that ran exactly once.
 */
@ExtendWith(PostgresTestDatabase.Available.class)
class SweepTwoInstancePostgresIntegrationTests {

    private static final String SWEEP = """
            {"name": "pg-sweep",
             "base": {"datasetId": "wine",
                      "model": {"inputDropout": 0, "hiddenLayers": [{"units": 16, "dropout": 0}]},
                      "training": {"epochs": 15, "checkpointEveryEpochs": 5, "seed": 2,
                                   "earlyStopping": {"patience": 0}}},
             "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.2, 0.4, 0.6]}},
             "validation": {"folds": 3, "seed": 1},
             "maxConcurrentTrials": 4}""";
    private static final long TIMEOUT_NANOS = 240_000_000_000L;
    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dir;

    private String baseUrl;
    private String schema;
    private PostgresTestDatabase pg;

    @Test
    void twoInstancesShareOneSweepAndRunEachJobOnce() throws Exception {
        pg = PostgresTestDatabase.get();
        baseUrl = pg.jdbcUrl.replaceAll("[?&]currentSchema=[^&]*", "");
        schema = "sweeps_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        execute("CREATE SCHEMA " + schema);
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource(url, pg.username, pg.password));
        JsonNode sweep;
        try (AppProcess a = AppProcess.launch("pg-a", dir, properties(url, "pg-a"));
                AppProcess b = AppProcess.launch("pg-b", dir, properties(url, "pg-b"))) {
            a.awaitStarted();
            b.awaitStarted();
            HttpResponse<String> response = a.post("/sweeps", "application/json", SWEEP);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String id = JSON.readTree(response.body()).path("id").asString();
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            sweep = JSON.readTree(b.get("/sweeps/" + id).body());
            while (!sweep.path("status").asString().equals("SUCCEEDED")) {
                assertThat(sweep.path("status").asString())
                        .as(a.tail() + b.tail())
                        .isIn("QUEUED", "RUNNING");
                assertThat(System.nanoTime()).as("sweep never ended: " + sweep).isLessThan(deadline);
                AppProcess.sleep(200);
                sweep = JSON.readTree(b.get("/sweeps/" + id).body());
            }
        }
        String id = sweep.path("id").asString();
        assertThat(db.queryForObject(
                        "select count(*) from training_job where sweep_id = ? and fold is not null", Long.class, id))
                .as("one job per trial x fold")
                .isEqualTo(12);
        assertThat(db.queryForObject(
                        "select count(*) from (select trial, fold from training_job where sweep_id = ? "
                                + "group by trial, fold having count(*) > 1) d",
                        Long.class,
                        id))
                .isZero();
        assertThat(db.queryForObject(
                        "select count(*) from job_attempt a join training_job j on j.id = a.job_id "
                                + "where j.sweep_id = ? and a.outcome = 'SUCCEEDED'",
                        Long.class,
                        id))
                .as("each of the 12 fold jobs and the refit succeeded exactly once")
                .isEqualTo(13);
        assertThat(db.queryForObject(
                        "select count(*) from job_attempt a join training_job j on j.id = a.job_id "
                                + "where j.sweep_id = ? and a.attempt > 1",
                        Long.class,
                        id))
                .as("no job ran twice")
                .isZero();
        List<Map<String, Object>> byWorker = db.queryForList(
                "select a.worker, count(*) as n from job_attempt a join training_job j on j.id = a.job_id "
                        + "where j.sweep_id = ? group by a.worker",
                id);
        System.out.println("sweep " + id + " jobs by worker: " + byWorker);
        assertThat(byWorker).extracting(r -> r.get("worker")).containsExactlyInAnyOrder("pg-a", "pg-b");
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            execute("SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Map<String, String> properties(String url, String instance) {
        return Map.of(
                "spring.profiles.active",
                "postgres",
                "spring.datasource.url",
                url,
                "spring.datasource.username",
                PostgresTestDatabase.get().username,
                "spring.datasource.password",
                PostgresTestDatabase.get().password,
                "spring.main.banner-mode",
                "off",
                "dropwise.security.enabled",
                "false",
                "dropwise.training.instance-id",
                instance,
                "dropwise.training.concurrency",
                "2");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl, pg.username, pg.password);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
