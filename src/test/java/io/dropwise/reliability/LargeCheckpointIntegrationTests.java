package io.dropwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10's large checkpoints, on H2 in a JVM with a small heap ({@value #HEAP}, one job at a time):
 * <ol>
 *   <li>the issue's job (digits, [4096, 4096, 2048], Adam: 25 M parameters, 407 MB checkpoints) is refused at
 *       submission, naming the limit (it used to be accepted, and ran H2 out of memory and corrupted its file);
 *   <li>a [2048, 1792] Adam job (3.8 M parameters, 46-69 MB checkpoints: before chunking, three copies of one
 *       checkpoint did not fit this heap; the largest the training budget admits here now that it counts the copy
 *       a background checkpoint write holds) checkpoints every epoch; the JVM is killed with SIGKILL while it writes
 *       its third;
 *   <li>the database starts again, the job resumes from a checkpoint read back whole through this heap, and
 *       succeeds; no incomplete checkpoint or chunk is left behind.
 * </ol>
 * The data set is small (64 features, 40 rows) so that the epochs are quick and the checkpoints large.
 */
class LargeCheckpointIntegrationTests {

    private static final String HEAP = "384m";
    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern WRITING = Pattern.compile("writing checkpoint (\\d+)");

    @TempDir
    Path dir;

    @Test
    void theIssuesJobIsRefusedAndAKillDuringALargeCheckpointWriteLeavesADatabaseThatStarts() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("dropwise").toAbsolutePath()
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        String job;
        try (AppProcess a = AppProcess.start("large-a", dir, properties(url, "large-a"), HEAP)) {
            HttpResponse<String> refused = a.post("/jobs", "application/json", """
                    {"datasetId": "digits", "model": {"hiddenLayers": [{"units": 4096}, {"units": 4096},
                     {"units": 2048}]}, "training": {"optimizer": {"type": "adam", "learningRate": 0.001}}}""");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("dropwise.budget.", "MB");

            HttpResponse<String> upload = a.post("/datasets?name=wide&labelColumn=label", "text/csv", csv());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            String dataset = JSON.readTree(upload.body()).path("id").asString();
            HttpResponse<String> accepted = a.post("/jobs", "application/json", """
                    {"datasetId": "%s", "model": {"hiddenLayers": [{"units": 2048}, {"units": 1792}]},
                     "training": {"epochs": 5, "batchSize": 16, "checkpointEveryEpochs": 1, "seed": 3,
                                  "optimizer": {"type": "adam", "learningRate": 0.001},
                                  "earlyStopping": {"patience": 0}}}""".formatted(dataset));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            job = JSON.readTree(accepted.body()).path("id").asString();

            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (writesStarted(a.log()) < 3) {
                assertThat(System.nanoTime())
                        .as("a third checkpoint write: %s", a.tail())
                        .isLessThan(deadline);
                assertThat(a.isAlive()).as("alive: %s", a.tail()).isTrue();
                AppProcess.sleep(20);
            }
            a.kill();
            assertThat(a.log())
                    .as("killed before the third checkpoint was stored")
                    .doesNotContain("checkpoint " + lastWrite(a.log()) + " stored");
            assertThat(a.log()).doesNotContain("OutOfMemoryError");
        }

        try (AppProcess b = AppProcess.start("large-b", dir, properties(url, "large-b"), HEAP)) {
            // ready once started: the log's "started on port" comes before the startup's last steps (removing what
            // the killed write left among them), during which readiness still says OUT_OF_SERVICE
            long ready = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String health = JSON.readTree(b.get("/actuator/health").body())
                    .path("status")
                    .asString();
            while (!health.equals("UP") && System.nanoTime() < ready) {
                AppProcess.sleep(100);
                health = JSON.readTree(b.get("/actuator/health").body())
                        .path("status")
                        .asString();
            }
            assertThat(health)
                    .as("health within 60 s of the start: %s", b.tail())
                    .isEqualTo("UP");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            JsonNode view = JSON.readTree(b.get("/jobs/" + job).body());
            while (!view.path("status").asString().equals("SUCCEEDED")) {
                assertThat(view.path("status").asString())
                        .as("%s\n%s", view, b.tail())
                        .isIn("QUEUED", "RUNNING");
                assertThat(System.nanoTime())
                        .as("the job to succeed: %s", b.tail())
                        .isLessThan(deadline);
                AppProcess.sleep(200);
                view = JSON.readTree(b.get("/jobs/" + job).body());
            }
            assertThat(b.log()).contains("resumes from epoch").doesNotContain("OutOfMemoryError");
            assertThat(b.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }

        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(db.queryForObject("select count(*) from checkpoint where chunks is null", Long.class))
                    .as("no incomplete checkpoint is left")
                    .isZero();
            assertThat(db.queryForObject(
                            "select count(*) from checkpoint_chunk k where not exists "
                                    + "(select 1 from checkpoint c where c.id = k.checkpoint_id)",
                            Long.class))
                    .as("no orphan chunk is left")
                    .isZero();
            // format 2 stores the best-so-far weights only when they differ from the current ones: 46 MB after an
            // epoch that improved, 69 MB after one that did not
            assertThat(db.queryForObject("select min(size_bytes) from checkpoint where job_id = ?", Long.class, job))
                    .isGreaterThan(40_000_000L);
        }
    }

    private static Map<String, String> properties(String url, String instance) {
        return Map.of(
                "spring.datasource.url", url,
                "spring.main.banner-mode", "off",
                "dropwise.training.instance-id", instance,
                "dropwise.training.concurrency", "1",
                "logging.level.io.dropwise.training.CheckpointStore", "DEBUG",
                "db-scheduler.heartbeat-interval", "1s",
                "db-scheduler.missed-heartbeats-limit", "4",
                "db-scheduler.polling-interval", "500ms");
    }

    /** 40 rows, 64 numeric features, 10 classes. */
    private static String csv() {
        StringBuilder csv = new StringBuilder();
        for (int f = 0; f < 64; f++) {
            csv.append('f').append(f).append(',');
        }
        csv.append("label\n");
        Random random = new Random(1);
        for (int row = 0; row < 40; row++) {
            for (int f = 0; f < 64; f++) {
                csv.append(random.nextInt(17)).append(',');
            }
            csv.append("c").append(row % 10).append('\n');
        }
        return csv.toString();
    }

    private static int writesStarted(String log) {
        return (int) WRITING.matcher(log).results().count();
    }

    private static String lastWrite(String log) {
        Matcher m = WRITING.matcher(log);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }
}
