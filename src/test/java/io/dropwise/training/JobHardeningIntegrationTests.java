package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Defects found by attacking main (issue 10) and the stored spec format (issue 9), on H2. */
class JobHardeningIntegrationTests extends IntegrationTest {

    private static final String PROBLEMS = JobScenarios.PROBLEMS;

    /** A normalized spec exactly as the code before {@code specVersion} stored it. */
    static final String SPEC_WITHOUT_VERSION = """
            {"name":"iris","datasetId":"iris","model":{"inputDropout":0.2,"hiddenLayers":[{"units":8,\
            "activation":"relu","dropout":0.5,"batchNorm":false}]},"training":{"epochs":2,"batchSize":32,\
            "optimizer":{"type":"sgd","learningRate":0.05,"momentum":0.9,"nesterov":true,"beta1":0.9,\
            "beta2":0.999,"epsilon":1.0E-8,"weightDecay":0.0},"l1":0.0,"l2":1.0E-4,"maxNorm":3.0,\
            "validationFraction":0.2,"earlyStopping":{"patience":10,"metric":"validationLoss"},"seed":42,\
            "checkpointEveryEpochs":1,"dropoutScaling":"inverted","featureScaling":"standardize",\
            "learningRateSchedule":{"type":"constant","stepEpochs":10,"gamma":0.5,"minLearningRate":0.0},\
            "blasThreads":1}}""";

    @Autowired
    Scheduler scheduler;

    @Test
    void aDatasetDeletionRacingASubmissionOnItNeverLetsBothSucceed() throws Exception {
        int[] won = new DatasetDeletionRace(api).run(25);
        System.out.printf("dataset deletion race on H2: job won %d, delete won %d of 25%n", won[0], won[1]);
    }

    @Test
    void aPageWhoseOffsetOverflowsIsA400OnEveryList() {
        for (String list : new String[] {"/jobs", "/datasets", "/models"}) {
            Api.Response far = api.get(list + "?page=2147483647&size=100");
            assertThat(far.status()).as("%s %s", list, far).isEqualTo(400);
            assertThat(far.contentType()).startsWith("application/problem+json");
            assertThat(far.json().get("type").asString()).isEqualTo(PROBLEMS + "validation");
            assertThat(far.json().at("/errors/0/field").asString()).isEqualTo("page");
            assertThat(api.get(list + "?page=21474836&size=100").status())
                    .as(list)
                    .isEqualTo(200);
        }
    }

    @Test
    void aNonAsciiIdempotencyKeyIsA400() throws Exception {
        String body = "{\"datasetId\": \"iris\", \"training\": {\"epochs\": 1}}";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        long before = count("training_job");
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Connection: close\r\nContent-Length: " + bodyBytes.length + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write("Idempotency-Key: clé-✓\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            out.write(bodyBytes);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 400");
            assertThat(text).contains("application/problem+json", "Idempotency-Key");
        }
        assertThat(count("training_job")).isEqualTo(before);
    }

    @Test
    void anExpiredIdempotencyKeyQueuesANewJob() {
        String key = UUID.randomUUID().toString();
        Api.Response first = api.postJson(
                "/jobs", "{\"datasetId\": \"iris\", \"training\": {\"epochs\": 1}}", Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(202);
        String id = first.json().get("id").asString();
        awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED");
        jdbc.update(
                "update training_job set created_at = ? where id = ?",
                Instant.now().minusSeconds(25 * 3600),
                id);

        Api.Response other = api.postJson(
                "/jobs", "{\"datasetId\": \"wine\", \"training\": {\"epochs\": 1}}", Map.of("Idempotency-Key", key));
        assertThat(other.status()).as("%s", other).isEqualTo(202);
        assertThat(other.header("Idempotent-Replayed")).hasValue("false");
        String second = other.json().get("id").asString();
        assertThat(second).isNotEqualTo(id);
        awaitJob(second, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED");
    }

    @Test
    void dropoutFeedingBatchNormIsWarnedWithTheFix() {
        Api.Response warned = api.postJson("/jobs", """
                {"datasetId": "iris", "model": {"inputDropout": 0.2, "hiddenLayers": [
                    {"units": 4, "batchNorm": true, "dropout": 0.5}, {"units": 4, "batchNorm": true, "dropout": 0},
                    {"units": 4, "batchNorm": true}]},
                 "training": {"epochs": 1}}""");
        assertThat(warned.status()).as("%s", warned).isEqualTo(202);
        JsonNode warnings = warned.json().get("warnings");
        assertThat(warnings.size()).as("%s", warnings).isEqualTo(2);
        assertThat(warnings.get(0).asString())
                .contains(
                        "model.inputDropout",
                        "model.hiddenLayers[0]",
                        "variance shift",
                        "Li et al. 2019",
                        "batchNorm off");
        assertThat(warnings.get(1).asString()).contains("model.hiddenLayers[0].dropout", "model.hiddenLayers[1]");
        String id = warned.json().get("id").asString();
        assertThat(api.get("/jobs/" + id).json().get("warnings").size()).isEqualTo(2);

        Api.Response plain = api.postJson("/jobs", "{\"datasetId\": \"iris\", \"training\": {\"epochs\": 1}}");
        assertThat(plain.json().get("warnings").size()).isZero();
        awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED");
        awaitJob(plain.json().get("id").asString(), JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED");
    }

    @Test
    void aJobStoredInTheFormatBeforeSpecVersionStillLoadsAndTrains() {
        String id = "job-old-format-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        jdbc.update("""
                insert into training_job (id, name, dataset_id, status, spec_json, epochs, idempotency_key,
                    request_hash, cancel_requested, attempts, current_epoch, created_at, updated_at, version)
                values (?, 'iris', 'iris', 'QUEUED', ?, 2, null, ?, false, 0, 0, ?, ?, 0)""", id, SPEC_WITHOUT_VERSION, "0".repeat(64), now, now);
        JsonNode stored = api.get("/jobs/" + id).json();
        assertThat(stored.at("/spec/model/hiddenLayers/0/units").asInt()).isEqualTo(8);
        assertThat(stored.at("/spec/training/optimizer/type").asString()).isEqualTo("sgd");

        scheduler.scheduleIfNotExists(new TaskInstance<Void>(TrainingConfiguration.TASK, id), Instant.now());
        JsonNode done = awaitJob(id, JobScenarios.TIMEOUT, "SUCCEEDED", "FAILED");
        assertThat(done.get("status").asString()).as("%s", done).isEqualTo("SUCCEEDED");
        assertThat(jdbc.queryForObject("select spec_json from training_job where id = ?", String.class, id))
                .as("a row is read as stored, never rewritten")
                .isEqualTo(SPEC_WITHOUT_VERSION);
    }
}
