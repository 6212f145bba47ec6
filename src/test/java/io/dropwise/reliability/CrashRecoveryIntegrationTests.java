package io.dropwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application as separate JVMs on one H2 file, killed for real:
 * <ol>
 *   <li>instance A trains job K; A is killed with SIGKILL after K's second checkpoint;
 *   <li>while nothing runs, K's newest checkpoint is corrupted in the database (one byte flipped);
 *   <li>instance B detects the dead execution, reports the bad checkpoint, resumes K from the previous one, and
 *       also trains R, the same spec uninterrupted: K's model is bit-identical to R's;
 *   <li>B gets SIGTERM while training job G (same spec): G checkpoints and goes back to QUEUED;
 *   <li>instance C resumes G to SUCCEEDED, again bit-identical to R.
 * </ol>
 */
class CrashRecoveryIntegrationTests {

    /** About a second per epoch on this machine: long enough to be caught mid-run, short enough for the budget. */
    private static final String SPEC = """
            {"name": "crash", "datasetId": "digits",
             "model": {"hiddenLayers": [{"units": 128, "dropout": 0.3}, {"units": 128, "dropout": 0.3}]},
             "training": {"epochs": 8, "batchSize": 16, "checkpointEveryEpochs": 1, "seed": 11,
                          "earlyStopping": {"patience": 0}}}""";

    private static final Duration TIMEOUT = Duration.ofSeconds(150);
    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dir;

    @Test
    void killedMidRunResumesBitIdenticallyAndSigtermRequeues() throws Exception {
        // WRITE_DELAY=0: what was committed before the SIGKILL is on disk (H2 otherwise keeps up to ~1 s in memory)
        String url = "jdbc:h2:file:" + dir.resolve("dropwise").toAbsolutePath()
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        String crashed;
        try (AppProcess a = AppProcess.start("instance-a", dir, properties(url, "instance-a"))) {
            crashed = submit(a);
            await(a, crashed, job -> checkpoints(a, crashed) >= 2, "two checkpoints");
            assertThat(status(a, crashed)).as("still training when killed").isEqualTo("RUNNING");
            a.kill();
        }

        int corruptedEpoch;
        int previousEpoch;
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(db.queryForObject("select status from training_job where id = ?", String.class, crashed))
                    .as("a SIGKILL leaves the job as the dead worker had it")
                    .isEqualTo("RUNNING");
            List<Map<String, Object>> newest = db.queryForList(
                    "select id, epoch from checkpoint where job_id = ? and chunks is not null order by id desc",
                    crashed);
            assertThat(newest).hasSizeGreaterThanOrEqualTo(2);
            long corruptId = ((Number) newest.get(0).get("ID")).longValue();
            corruptedEpoch = ((Number) newest.get(0).get("EPOCH")).intValue();
            previousEpoch = ((Number) newest.get(1).get("EPOCH")).intValue();
            byte[] data = db.queryForObject(
                    "select data from checkpoint_chunk where checkpoint_id = ? and seq = 0", byte[].class, corruptId);
            data[data.length / 2] ^= 0x5A;
            db.update("update checkpoint_chunk set data = ? where checkpoint_id = ? and seq = 0", data, corruptId);
        }

        String reference;
        String graceful;
        try (AppProcess b = AppProcess.start("instance-b", dir, properties(url, "instance-b"))) {
            reference = submit(b);
            assertThat(awaitTerminal(b, crashed)).isEqualTo("SUCCEEDED");
            assertThat(awaitTerminal(b, reference)).isEqualTo("SUCCEEDED");
            assertThat(b.log()).as("the corrupt checkpoint is reported").contains("checkpoint checksum mismatch");

            graceful = submit(b);
            await(
                    b,
                    graceful,
                    job -> checkpoints(b, graceful) >= 1
                            && "RUNNING".equals(job.path("status").asString()),
                    "a first checkpoint");
            int exit = b.terminate(Duration.ofSeconds(60));
            assertThat(exit).as("graceful exit code: %s", b.tail()).isIn(0, 143);
        }

        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            List<Map<String, Object>> attempts = attempts(db, crashed);
            assertThat(attempts).extracting(r -> r.get("WORKER")).containsExactly("instance-a", "instance-b");
            assertThat(attempts).extracting(r -> r.get("OUTCOME")).containsExactly("LOST", "SUCCEEDED");
            int resumedFrom = ((Number) attempts.get(1).get("RESUMED_FROM_EPOCH")).intValue();
            assertThat(resumedFrom)
                    .as("resumed from the checkpoint before the corrupt one (epoch %d)", corruptedEpoch)
                    .isEqualTo(previousEpoch)
                    .isGreaterThanOrEqualTo(1);
            assertNoOverlap(attempts);
            assertThat((String) attempts.get(1).get("NOTE"))
                    .as("the skipped checkpoint is noted on the attempt")
                    .contains("(epoch " + corruptedEpoch + ") unreadable, skipped: checkpoint checksum mismatch");

            assertThat(db.queryForObject("select status from training_job where id = ?", String.class, graceful))
                    .as("SIGTERM puts a running job back in the queue")
                    .isEqualTo("QUEUED");
            assertThat(attempts(db, graceful)).extracting(r -> r.get("OUTCOME")).containsExactly("REQUEUED");
            assertThat(db.queryForObject(
                            "select count(*) from checkpoint where job_id = ? and kind = 'STOP'", Long.class, graceful))
                    .isEqualTo(1);

            assertThat(model(db, crashed))
                    .as("killed, corrupted, resumed == never interrupted")
                    .isEqualTo(model(db, reference));
        }

        try (AppProcess c = AppProcess.start("instance-c", dir, properties(url, "instance-c"))) {
            assertThat(awaitTerminal(c, graceful)).isEqualTo("SUCCEEDED");
            c.terminate(Duration.ofSeconds(60));
        }
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            List<Map<String, Object>> attempts = attempts(db, graceful);
            assertThat(attempts).extracting(r -> r.get("OUTCOME")).containsExactly("REQUEUED", "SUCCEEDED");
            assertThat(((Number) attempts.get(1).get("RESUMED_FROM_EPOCH")).intValue())
                    .isGreaterThanOrEqualTo(1);
            assertNoOverlap(attempts);
            assertThat(model(db, graceful))
                    .as("stopped by SIGTERM, resumed == never interrupted")
                    .isEqualTo(model(db, reference));
        }
    }

    private static Map<String, String> properties(String url, String instance) {
        return Map.of(
                "spring.datasource.url", url,
                "spring.main.banner-mode", "off",
                "dropwise.training.instance-id", instance,
                "dropwise.training.concurrency", "2",
                "dropwise.training.shutdown-timeout", "40s",
                // a dead instance's job is taken over after ~4 s instead of 15
                "db-scheduler.heartbeat-interval", "1s",
                "db-scheduler.missed-heartbeats-limit", "4",
                "db-scheduler.polling-interval", "500ms");
    }

    private static String submit(AppProcess app) throws Exception {
        HttpResponse<String> response = app.post("/jobs", "application/json", SPEC);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("id").asString();
    }

    private static JsonNode job(AppProcess app, String id) throws Exception {
        HttpResponse<String> response = app.get("/jobs/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String status(AppProcess app, String id) throws Exception {
        return job(app, id).path("status").asString();
    }

    private static int checkpoints(AppProcess app, String id) {
        try {
            return JSON.readTree(app.get("/jobs/" + id + "/checkpoints").body())
                    .path("checkpoints")
                    .size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(AppProcess app, String id, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode job = job(app, id);
        while (!condition.test(job)) {
            assertThat(job.path("status").asString())
                    .as("job %s before %s", id, what)
                    .isIn("QUEUED", "RUNNING");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " never reached " + what + ": " + job + "\n" + app.tail());
            }
            AppProcess.sleep(100);
            job = job(app, id);
        }
    }

    private static String awaitTerminal(AppProcess app, String id) throws Exception {
        await(
                app,
                id,
                job -> List.of("SUCCEEDED", "FAILED", "CANCELLED")
                        .contains(job.path("status").asString()),
                "a terminal state");
        return status(app, id);
    }

    private static List<Map<String, Object>> attempts(JdbcTemplate db, String jobId) {
        return db.queryForList(
                "select attempt, worker, outcome, started_at, ended_at, resumed_from_epoch, note "
                        + "from job_attempt where job_id = ? order by attempt",
                jobId);
    }

    /** Attempt n+1 starts no earlier than attempt n ended: never two workers on one job at once. */
    static void assertNoOverlap(List<Map<String, Object>> attempts) {
        for (int i = 1; i < attempts.size(); i++) {
            Object ended = attempts.get(i - 1).get("ENDED_AT");
            assertThat(ended).as("attempt %d closed", i).isNotNull();
            assertThat(instant(attempts.get(i).get("STARTED_AT")))
                    .as("attempt %d starts after %d ended", i + 1, i)
                    .isAfterOrEqualTo(instant(ended));
        }
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.Instant i) {
            return i;
        }
        throw new IllegalArgumentException("not a timestamp: " + value + " (" + value.getClass() + ")");
    }

    private static byte[] model(JdbcTemplate db, String jobId) {
        return db.queryForObject("select model_data from model_version where source_job_id = ?", byte[].class, jobId);
    }
}
