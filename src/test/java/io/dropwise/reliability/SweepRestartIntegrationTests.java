package io.dropwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sweep survives a SIGKILL: instance A (a separate JVM on an H2 file) runs a sweep and is killed with some of its
 * fold jobs done and others mid-run; instance B, on the same file, finishes it. The leaderboard (every fold's best
 * epoch and score, every mean, std and gap) and the refit model's bytes are bit-identical to the same sweep run
 * without interruption (pruning none).
 */
class SweepRestartIntegrationTests {

    private static final String SWEEP = """
            {"name": "restart-rate",
             "base": {"datasetId": "wine",
                      "model": {"inputDropout": 0, "hiddenLayers": [{"units": 32, "dropout": 0}]},
                      "training": {"epochs": 25, "checkpointEveryEpochs": 1, "seed": 4,
                                   "earlyStopping": {"patience": 0},
                                   "optimizer": {"type": "adam", "learningRate": 0.005}}},
             "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.3, 0.6]}},
             "validation": {"folds": 3, "seed": 9},
             "maxConcurrentTrials": 1}""";

    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dir;

    @Test
    void killedMidSweepFinishesWithTheLeaderboardOfAnUninterruptedRun() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("dropwise").toAbsolutePath()
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        String crashed;
        try (AppProcess a = AppProcess.start("instance-a", dir, properties(url, "instance-a"))) {
            crashed = submit(a);
            await(a, crashed, s -> succeededFolds(s) >= 2 && runningFolds(s) >= 1, "two folds done, one running");
            a.kill();
        }
        String reference;
        JsonNode resumed;
        JsonNode uninterrupted;
        try (AppProcess b = AppProcess.start("instance-b", dir, properties(url, "instance-b"))) {
            resumed = await(b, crashed, s -> s.path("status").asString().equals("SUCCEEDED"), "SUCCEEDED");
            reference = submit(b);
            uninterrupted = await(b, reference, s -> s.path("status").asString().equals("SUCCEEDED"), "SUCCEEDED");
        }
        System.out.println("resumed:       " + scores(resumed));
        System.out.println("uninterrupted: " + scores(uninterrupted));
        assertThat(scores(resumed)).isEqualTo(scores(uninterrupted));
        assertThat(resumed.get("leaderboard")).isEqualTo(uninterrupted.get("leaderboard"));
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            long attempts = db.queryForObject(
                    "select count(*) from job_attempt a join training_job j on j.id = a.job_id "
                            + "where j.sweep_id = ? and a.outcome = 'LOST'",
                    Long.class,
                    crashed);
            assertThat(attempts)
                    .as("the kill interrupted a fold job, which resumed")
                    .isGreaterThanOrEqualTo(1);
            byte[] resumedModel = model(db, resumed.get("refitJobId").asString());
            byte[] referenceModel = model(db, uninterrupted.get("refitJobId").asString());
            assertThat(resumedModel).isEqualTo(referenceModel);
        }
    }

    /** The leaderboard without what differs between two runs by design (job ids). */
    private static JsonNode scores(JsonNode sweep) {
        ArrayNode trials = (ArrayNode) sweep.get("trials").deepCopy();
        trials.forEach(t -> t.get("folds").forEach(f -> ((ObjectNode) f).remove("jobId")));
        return trials;
    }

    private static byte[] model(JdbcTemplate db, String jobId) {
        return db.queryForObject("select model_data from model_version where source_job_id = ?", byte[].class, jobId);
    }

    private static long succeededFolds(JsonNode sweep) {
        return folds(sweep, "SUCCEEDED");
    }

    private static long runningFolds(JsonNode sweep) {
        return folds(sweep, "RUNNING");
    }

    private static long folds(JsonNode sweep, String status) {
        long n = 0;
        for (JsonNode t : sweep.path("trials")) {
            for (JsonNode f : t.path("folds")) {
                n += f.path("status").asString().equals(status) ? 1 : 0;
            }
        }
        return n;
    }

    private static Map<String, String> properties(String url, String instance) {
        return Map.of(
                "spring.datasource.url", url,
                "spring.main.banner-mode", "off",
                "dropwise.training.instance-id", instance,
                "dropwise.training.concurrency", "2",
                "db-scheduler.heartbeat-interval", "1s",
                "db-scheduler.missed-heartbeats-limit", "4",
                "db-scheduler.polling-interval", "500ms");
    }

    private static String submit(AppProcess app) throws Exception {
        HttpResponse<String> response = app.post("/sweeps", "application/json", SWEEP);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("id").asString();
    }

    private static JsonNode await(AppProcess app, String id, Predicate<JsonNode> condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode sweep = JSON.readTree(app.get("/sweeps/" + id).body());
        while (!condition.test(sweep)) {
            assertThat(sweep.path("status").asString())
                    .as("sweep %s before %s", id, what)
                    .isIn("QUEUED", "RUNNING");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sweep " + id + " never reached " + what + ": " + sweep + "\n" + app.tail());
            }
            AppProcess.sleep(100);
            sweep = JSON.readTree(app.get("/sweeps/" + id).body());
        }
        return sweep;
    }
}
