package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.DropwiseApplication;
import io.dropwise.dataset.DatasetProvider;
import io.dropwise.engine.CheckpointCodec;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.ModelCodec;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingResult;
import io.dropwise.support.Api;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

/**
 * The application on an H2 file, stopped and started again: everything it stored is still there, and a job that was
 * training at shutdown checkpointed, went back to the queue and, after the restart, resumed from that checkpoint to
 * the same model an uninterrupted run produces (bit for bit).
 */
class JobRestartIntegrationTests {

    /**
     * Long enough to be caught mid-run (the stop comes right after epoch 2), short enough to finish soon: the two
     * copies trained after the restart are most of this test's time.
     */
    private static final int EPOCHS = 12;

    private static final String INTERRUPTED_SPEC = """
            {"datasetId": "digits", "model": {"hiddenLayers": [{"units": 256}, {"units": 256}]},
             "training": {"epochs": %d, "batchSize": 16, "checkpointEveryEpochs": 5,
                          "earlyStopping": {"patience": 0}}}""".formatted(EPOCHS);

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(String url) {
        // command-line arguments: they override application.properties (builder properties would not)
        return new SpringApplicationBuilder(DropwiseApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.main.banner-mode=off",
                        "--dropwise.training.shutdown-timeout=60s");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void everythingSurvivesARestartAndARunningJobResumesBitIdentically() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("dropwise").toAbsolutePath() + ";AUTO_SERVER=FALSE";
        String datasetId;
        String finishedJob;
        String interruptedJob;
        int epochAtShutdown;

        try (ConfigurableApplicationContext first = start(url)) {
            Api api = api(first);
            Api.Response uploaded = api.send(
                    "POST",
                    "/datasets?name=xor",
                    "text/csv",
                    "a,b,label\n" + "0,0,no\n0,1,yes\n1,0,yes\n1,1,no\n".repeat(25),
                    Map.of());
            assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
            datasetId = uploaded.json().get("id").asString();
            finishedJob = api.postJson("/jobs", """
                    {"datasetId": "%s", "training": {"epochs": 3}}""".formatted(datasetId))
                    .json()
                    .get("id")
                    .asString();
            assertThat(api.awaitJob(finishedJob, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED")
                            .get("status")
                            .asString())
                    .isEqualTo("SUCCEEDED");

            interruptedJob =
                    api.postJson("/jobs", INTERRUPTED_SPEC).json().get("id").asString();
            JsonNode running = new JobScenarios(api, null).awaitEpoch(interruptedJob, 2);
            assertThat(running.get("status").asString())
                    .as("still training when the app stops")
                    .isEqualTo("RUNNING");
        }

        // stopped: the job checkpointed at a batch boundary and went back to the queue
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate db = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(db.queryForObject("select status from training_job where id = ?", String.class, interruptedJob))
                    .isEqualTo("QUEUED");
            assertThat(db.queryForList(
                            "select outcome from job_attempt where job_id = ? order by attempt",
                            String.class,
                            interruptedJob))
                    .containsExactly("REQUEUED");
            Map<String, Object> stop = db.queryForMap(
                    "select kind, epoch, batch from checkpoint where job_id = ? " + "order by id desc limit 1",
                    interruptedJob);
            assertThat(stop.get("KIND")).isEqualTo("STOP");
            epochAtShutdown = ((Number) stop.get("EPOCH")).intValue();
            assertThat(epochAtShutdown).isBetween(2, EPOCHS - 1);
            assertThat(db.queryForObject(
                            "select count(*) from scheduled_tasks where task_instance = ?", Long.class, interruptedJob))
                    .as("still queued for the next instance")
                    .isEqualTo(1);
        }

        try (ConfigurableApplicationContext second = start(url)) {
            Api api = api(second);
            assertThat(api.get("/datasets/" + datasetId).json().get("name").asString())
                    .isEqualTo("xor");
            JsonNode finished = api.get("/jobs/" + finishedJob).json();
            assertThat(finished.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(api.get("/jobs/" + finishedJob + "/metrics")
                            .json()
                            .get("epochs")
                            .size())
                    .isEqualTo(3);
            assertThat(api.get("/jobs/" + finishedJob + "/checkpoints")
                            .json()
                            .get("checkpoints")
                            .size())
                    .isPositive();

            String uninterrupted =
                    api.postJson("/jobs", INTERRUPTED_SPEC).json().get("id").asString();
            JsonNode resumed = api.awaitJob(interruptedJob, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED");
            assertThat(resumed.get("status").asString()).as("%s", resumed).isEqualTo("SUCCEEDED");
            assertThat(resumed.get("attempts").asInt()).isEqualTo(2);
            JsonNode epochs =
                    api.get("/jobs/" + interruptedJob + "/metrics").json().get("epochs");
            assertThat(epochs.valueStream().map(e -> e.get("epoch").asInt()).toList())
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, EPOCHS)
                            .boxed()
                            .toList());
            JdbcTemplate db = second.getBean(JdbcTemplate.class);
            List<Map<String, Object>> attempts = db.queryForList(
                    "select attempt, outcome, resumed_from_epoch "
                            + "from job_attempt where job_id = ? order by attempt",
                    interruptedJob);
            assertThat(attempts).extracting(a -> a.get("OUTCOME")).containsExactly("REQUEUED", "SUCCEEDED");
            assertThat(((Number) attempts.get(1).get("RESUMED_FROM_EPOCH")).intValue())
                    .isEqualTo(epochAtShutdown);

            assertThat(api.awaitJob(uninterrupted, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED")
                            .get("status")
                            .asString())
                    .isEqualTo("SUCCEEDED");
            Dataset digits =
                    second.getBean(DatasetProvider.class).load("digits").data();
            assertThat(finalModel(db, interruptedJob, digits))
                    .as("resumed after a shutdown == never interrupted")
                    .isEqualTo(finalModel(db, uninterrupted, digits));
        }
    }

    /** The model held by a job's final checkpoint, encoded. */
    private static byte[] finalModel(JdbcTemplate db, String jobId, Dataset data) {
        java.io.ByteArrayOutputStream checkpoint = new java.io.ByteArrayOutputStream();
        db.queryForList(
                        "select k.data from checkpoint_chunk k join checkpoint c on c.id = k.checkpoint_id "
                                + "where c.job_id = ? and c.kind = 'FINAL' order by k.seq",
                        byte[].class,
                        jobId)
                .forEach(checkpoint::writeBytes);
        TrainingResult result = Trainer.resume(
                CheckpointCodec.decode(checkpoint.toByteArray()), data, TrainingListener.NONE, () -> false);
        return ModelCodec.encode(result.model());
    }
}
