package io.dropwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.PostgresTestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two application instances (separate JVMs) on one PostgreSQL schema, 20 small jobs, one instance killed with
 * SIGKILL mid-run: every job SUCCEEDED, no job had two attempts at once (job_attempt), both instances did work,
 * and the killed instance's jobs were finished by the other one.
 */
@ExtendWith(PostgresTestDatabase.Available.class)
class TwoInstancePostgresIntegrationTests {

    private static final String SPEC = """
            {"name": "cluster", "datasetId": "digits", "model": {"hiddenLayers": [{"units": 64, "dropout": 0.2}]},
             "training": {"epochs": 5, "batchSize": 16, "checkpointEveryEpochs": 1,
                          "earlyStopping": {"patience": 0}}}""";
    private static final int JOBS = 20;
    private static final long TIMEOUT_NANOS = 120_000_000_000L;
    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dir;

    private String baseUrl;
    private String schema;
    private PostgresTestDatabase pg;

    @Test
    void twentyJobsSurviveTheLossOfOneInstance() throws Exception {
        pg = PostgresTestDatabase.get();
        // a schema of its own: the in-JVM PostgreSQL test context must not pick up these jobs as a third worker
        baseUrl = pg.jdbcUrl.replaceAll("[?&]currentSchema=[^&]*", "");
        schema = "cluster_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        execute("CREATE SCHEMA " + schema);
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource(url, pg.username, pg.password));

        try (AppProcess a = AppProcess.launch("pg-a", dir, properties(url, "pg-a"));
                AppProcess b = AppProcess.launch("pg-b", dir, properties(url, "pg-b"))) {
            a.awaitStarted();
            b.awaitStarted();
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                HttpResponse<String> response = (i % 2 == 0 ? a : b).post("/jobs", "application/json", SPEC);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                jobs.add(JSON.readTree(response.body()).path("id").asString());
            }

            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (count(db, "status = 'RUNNING' and worker = 'pg-a'") == 0 || count(db, "status = 'SUCCEEDED'") < 2) {
                assertThat(System.nanoTime())
                        .as("pg-a never trained while others finished")
                        .isLessThan(deadline);
                AppProcess.sleep(50);
            }
            long runningOnA = count(db, "status = 'RUNNING' and worker = 'pg-a'");
            a.kill();

            while (count(db, "status = 'SUCCEEDED'") < JOBS) {
                assertThat(count(db, "status in ('FAILED', 'CANCELLED')"))
                        .as(b.tail())
                        .isZero();
                assertThat(System.nanoTime())
                        .as(
                                "not all jobs finished: %s",
                                db.queryForList(
                                        "select id, status, worker from training_job where status <> 'SUCCEEDED'"))
                        .isLessThan(deadline);
                AppProcess.sleep(200);
            }
            assertThat(runningOnA).isPositive();
            assertThat(count(
                            db,
                            "id in ("
                                    + String.join(
                                            ",",
                                            jobs.stream()
                                                    .map(j -> "'" + j + "'")
                                                    .toList()) + ")"))
                    .isEqualTo(JOBS);
        }

        for (String jobId : db.queryForList("select id from training_job", String.class)) {
            CrashRecoveryIntegrationTests.assertNoOverlap(db.queryForList(
                    "select attempt, worker, outcome, started_at, ended_at from job_attempt where job_id = ? "
                            + "order by attempt",
                    jobId));
        }
        Map<String, Object> lost = db.queryForMap("select count(*) as n from job_attempt where outcome = 'LOST'");
        assertThat(((Number) lost.get("n")).longValue())
                .as("the killed instance's running jobs")
                .isPositive();
        assertThat(db.queryForList("select distinct worker from job_attempt where outcome = 'LOST'", String.class))
                .containsExactly("pg-a");
        List<Map<String, Object>> byWorker = db.queryForList(
                "select worker, count(*) as n from job_attempt where outcome = 'SUCCEEDED' group by worker");
        System.out.println(
                "two-instance run: succeeded attempts by worker " + byWorker + ", lost attempts " + lost.get("n"));
        assertThat(byWorker).extracting(r -> r.get("worker")).containsExactlyInAnyOrder("pg-a", "pg-b");
        assertThat(db.queryForObject("select count(*) from job_attempt where outcome = 'SUCCEEDED'", Long.class))
                .as("each job succeeded exactly once")
                .isEqualTo(JOBS);
        assertThat(db.queryForObject(
                        "select count(*) from job_attempt a where a.outcome = 'LOST' and not exists ("
                                + "select 1 from job_attempt b where b.job_id = a.job_id and b.attempt = a.attempt + 1 "
                                + "and b.worker = 'pg-b' and b.outcome = 'SUCCEEDED')",
                        Long.class))
                .as("every lost attempt was finished by pg-b")
                .isZero();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            execute("SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static long count(JdbcTemplate db, String where) {
        Long n = db.queryForObject("select count(*) from training_job where " + where, Long.class);
        return n == null ? 0 : n;
    }

    private static Map<String, String> properties(String url, String instance) {
        return Map.of(
                "spring.profiles.active", "postgres",
                "spring.datasource.url", url,
                "spring.datasource.username", PostgresTestDatabase.get().username,
                "spring.datasource.password", PostgresTestDatabase.get().password,
                "spring.main.banner-mode", "off",
                "dropwise.security.enabled", "false",
                "dropwise.training.instance-id", instance,
                "dropwise.training.concurrency", "2",
                "db-scheduler.heartbeat-interval", "1s",
                "db-scheduler.missed-heartbeats-limit", "4");
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
