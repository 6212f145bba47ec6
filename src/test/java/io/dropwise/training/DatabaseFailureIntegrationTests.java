package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.dropwise.support.Api;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The database closes under a running job (as H2 did when a large checkpoint ran it out of memory): health and
 * readiness turn DOWN, the job's attempt stops, and the queue is paused instead of retrying against it. Its own
 * context and database, closed afterwards: nothing else may share a database this test shuts down.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:dropwise-db-failure;DB_CLOSE_DELAY=-1")
@DirtiesContext
class DatabaseFailureIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RunningJobs running;

    @Autowired
    Scheduler scheduler;

    @Test
    void aClosedDatabaseTurnsHealthAndReadinessDownAndStopsTraining() {
        Api api = new Api(port);
        assertThat(api.get("/actuator/health")
                        .json()
                        .path("components")
                        .path("database")
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        String id = api.postJson("/jobs", """
                {"datasetId": "digits", "model": {"hiddenLayers": [{"units": 32}]},
                 "training": {"epochs": 500, "earlyStopping": {"patience": 0}}}""").json().path("id").asString();
        await(() -> api.get("/jobs/" + id).json().path("progress").path("epoch").asInt() >= 1, "a first epoch");

        jdbc.execute("SHUTDOWN");

        await(() -> running.size() == 0, "the running job to stop");
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.path("status").asString()).as("%s", health).isEqualTo("DOWN");
        assertThat(health.path("components").path("database").path("status").asString())
                .isEqualTo("DOWN");
        Api.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(503);
        assertThat(scheduler.getSchedulerState().isPaused())
                .as("the queue stops taking jobs")
                .isTrue();
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never saw " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
