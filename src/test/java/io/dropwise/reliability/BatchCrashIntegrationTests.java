package io.dropwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
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
 * A batch prediction killed for real (SIGKILL, a separate JVM) while it runs: after a restart, another instance takes
 * it over, resumes at the first chunk without a result, and the result has every row exactly once, in input order,
 * byte for byte what an uninterrupted run of the same input gives (Monte-Carlo dropout included).
 */
class BatchCrashIntegrationTests {

    private static final String MODEL = """
            {"name": "crash-batch", "datasetId": "iris",
             "model": {"hiddenLayers": [{"units": 256, "dropout": 0.5}, {"units": 256, "dropout": 0.5}]},
             "training": {"epochs": 2, "seed": 3}}""";
    private static final int ROWS = 16 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dir;

    @Test
    void killedMidBatchResumesWithEveryRowExactlyOnce() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("dropwise").toAbsolutePath()
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        String csv = csv();
        String query = "/batch-predictions?model=crash-batch&mcSamples=40&mcSeed=5";
        String crashed;
        // a scores on the queue only (an MC batch is scored there anyway), so that it is killed while its worker runs
        Map<String, String> queueOnly = new HashMap<>(properties(url, "batch-a"));
        queueOnly.put("dropwise.batch.score-during-upload", "false");
        try (AppProcess a = AppProcess.start("batch-a", dir, queueOnly)) {
            HttpResponse<String> job = a.post("/jobs", "application/json", MODEL);
            assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
            String jobId = JSON.readTree(job.body()).path("id").asString();
            await(a, "/jobs/" + jobId, j -> "SUCCEEDED".equals(j.path("status").asString()), 1);

            crashed = submit(a, query, csv);
            await(a, "/batch-predictions/" + crashed, b -> b.path("rowsDone").asLong() >= 2048, 20);
            JsonNode before =
                    JSON.readTree(a.get("/batch-predictions/" + crashed).body());
            assertThat(before.path("status").asString())
                    .as("still running when killed")
                    .isEqualTo("RUNNING");
            assertThat(before.path("rowsDone").asLong()).isLessThan(ROWS);
            a.kill();
        }

        long doneAtKill;
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            Map<String, Object> row =
                    db.queryForMap("select status, chunks_done, rows_done from batch_prediction where id = ?", crashed);
            assertThat(row.get("STATUS")).isEqualTo("RUNNING");
            doneAtKill = ((Number) row.get("ROWS_DONE")).longValue();
            assertThat(db.queryForObject(
                            "select count(*) from batch_output_chunk where batch_id = ?", Long.class, crashed))
                    .as("one committed output chunk per chunk counted done")
                    .isEqualTo(((Number) row.get("CHUNKS_DONE")).longValue());
        }

        try (AppProcess b = AppProcess.start("batch-b", dir, properties(url, "batch-b"))) {
            JsonNode done = await(b, "/batch-predictions/" + crashed, j -> terminal(j), 1);
            assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.path("attempts").asInt()).as("taken over once").isEqualTo(2);
            assertThat(done.path("rowsDone").asLong()).isEqualTo(ROWS);

            String reference = submit(b, query, csv);
            assertThat(await(b, "/batch-predictions/" + reference, j -> terminal(j), 1)
                            .path("attempts")
                            .asInt())
                    .isEqualTo(1);

            String resumed = b.get("/batch-predictions/" + crashed + "/result").body();
            String uninterrupted =
                    b.get("/batch-predictions/" + reference + "/result").body();
            List<String> lines = resumed.lines().toList();
            assertThat(lines).hasSize(ROWS + 1);
            for (int r = 0; r < ROWS; r++) {
                assertThat(lines.get(1 + r)).as("row %d once, in order", r).startsWith("r" + r + ",");
            }
            assertThat(resumed)
                    .as("killed after %d rows and resumed == never interrupted", doneAtKill)
                    .isEqualTo(uninterrupted);
            b.terminate(Duration.ofSeconds(60));
        }

        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            List<Map<String, Object>> chunks = db.queryForList(
                    "select seq, first_row, row_count from batch_output_chunk where batch_id = ? order by seq",
                    crashed);
            assertThat(chunks).hasSize(16);
            long next = 0;
            for (Map<String, Object> chunk : chunks) {
                assertThat(((Number) chunk.get("FIRST_ROW")).longValue()).isEqualTo(next);
                next += ((Number) chunk.get("ROW_COUNT")).longValue();
            }
            assertThat(next).isEqualTo(ROWS);
        }
    }

    private static boolean terminal(JsonNode batch) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED")
                .contains(batch.path("status").asString());
    }

    private static String csv() {
        StringBuilder csv = new StringBuilder("id,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n");
        for (int r = 0; r < ROWS; r++) {
            csv.append('r')
                    .append(r)
                    .append(',')
                    .append(4 + (r % 37) / 10.0)
                    .append(',')
                    .append(2 + (r % 23) / 10.0)
                    .append(',')
                    .append(1 + (r % 59) / 10.0)
                    .append(',')
                    .append((r % 25) / 10.0)
                    .append('\n');
        }
        return csv.toString();
    }

    private static String submit(AppProcess app, String query, String csv) throws Exception {
        HttpResponse<String> response = app.post(query, "text/csv", csv);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("id").asString();
    }

    private static JsonNode await(AppProcess app, String path, Predicate<JsonNode> condition, long pollMillis)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode node = JSON.readTree(app.get(path).body());
            if (condition.test(node)) {
                return node;
            }
            AppProcess.sleep(Math.max(pollMillis, 20));
        }
        throw new AssertionError(path + " did not reach the condition within " + TIMEOUT + "\n" + app.tail());
    }

    private static Map<String, String> properties(String url, String instance) {
        return Map.of(
                "spring.datasource.url", url,
                "spring.main.banner-mode", "off",
                "dropwise.training.instance-id", instance,
                // a dead instance's execution is taken over after ~4 s instead of 15
                "db-scheduler.heartbeat-interval", "1s",
                "db-scheduler.missed-heartbeats-limit", "4",
                "db-scheduler.polling-interval", "500ms");
    }
}
