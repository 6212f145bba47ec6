package io.dropwise.support;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Base of the integration tests that start the whole application on a random port, on H2 in memory. Every subclass
 * shares one Spring context (same configuration, so Spring's test context cache reuses it): do not add properties,
 * {@code @MockitoBean}s or {@code @DirtiesContext} in subclasses; data written by one test class stays visible to the
 * next, so create what you need and assert on your own rows (or on row-count differences). A {@code MockMvc} bean is
 * there too ({@code @Autowired MockMvc}) for tests that want its assertions; it goes through the same filters.
 *
 * <p>{@link PostgresIntegrationTest} is the same on PostgreSQL.
 */
@AutoConfigureMockMvc
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:dropwise-it;DB_CLOSE_DELAY=-1",
            // webhook receivers in tests listen on 127.0.0.1; retries come quickly
            "dropwise.webhooks.allow-private=true",
            "dropwise.webhooks.signing-secret=" + IntegrationTest.WEBHOOK_SECRET,
            "dropwise.webhooks.initial-backoff=300ms",
            // the tests' tiny jobs train for milliseconds: a periodic checkpoint every checkpointEveryEpochs epochs, as
            // the resume, retention and cancel tests expect (the 30 s default is RunListenerTests')
            "dropwise.training.checkpoint-interval=0"
        })
public abstract class IntegrationTest {

    /** The server-wide webhook signing secret of the test application. */
    public static final String WEBHOOK_SECRET = "test-webhook-signing-secret";

    /** The tables every feature writes to; a rejected request must leave each count unchanged. */
    public static final List<String> TABLES = List.of(
            "dataset",
            "training_job",
            "job_attempt",
            "epoch_metric",
            "checkpoint",
            "scheduled_tasks",
            "sweep",
            "sweep_trial");

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Api api;

    @BeforeEach
    void startClient() {
        api = new Api(port);
    }

    protected long count(String table) {
        Long count = jdbc.queryForObject("select count(*) from " + table, Long.class);
        return count == null ? 0 : count;
    }

    /** Row counts of {@link #TABLES}, in that order. */
    protected List<Long> counts() {
        return TABLES.stream().map(this::count).toList();
    }

    /** Polls {@code GET /jobs/{id}} until its status is one of {@code statuses}; fails after {@code timeout}. */
    protected JsonNode awaitJob(String jobId, Duration timeout, String... statuses) {
        return api.awaitJob(jobId, timeout, statuses);
    }

    /** Waits until no job is queued or running, so that table counts stand still. */
    protected void awaitNoActiveJobs(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (activeJobs() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(activeJobs() + " jobs still queued or running after " + timeout);
            }
            sleep(100);
        }
    }

    private long activeJobs() {
        Long active = jdbc.queryForObject(
                "select count(*) from training_job where status in ('QUEUED', 'RUNNING')", Long.class);
        return active == null ? 0 : active;
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
