package io.dropwise.batch;

import static io.dropwise.batch.BatchTestSupport.await;
import static io.dropwise.batch.BatchTestSupport.irisCsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwise.config.TrainingProperties;
import io.dropwise.prediction.ServingTestBase;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.support.Api;
import io.dropwise.web.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import tools.jackson.databind.JsonNode;

/**
 * Scoring during the upload ({@code dropwise.batch.score-during-upload}): the same result, byte for byte, and the
 * same evaluation as a batch scored on the queue (with MC dropout a batch is always scored there); results scored before a bad row are removed with the refused
 * upload; an upload a crash interrupted leaves nothing once the instance starts again.
 */
class BatchUploadScoringIntegrationTests extends ServingTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final List<String> TABLES = List.of("batch_prediction", "batch_input_chunk", "batch_output_chunk");

    @Autowired
    private BatchSubmission submission;

    @Autowired
    private BatchStore store;

    @Autowired
    private TrainingProperties training;

    @Autowired
    @Qualifier("batchUploadCleanup")
    private SmartInitializingSingleton cleanup;

    @Test
    void scoredDuringTheUploadOrOnTheQueueTheResultIsTheSame() {
        String name = uniqueName("upload-scoring");
        register(name, TrainedModels.irisDropout(datasets));
        String csv = irisCsv(3000);
        for (Long seed : new Long[] {null, 11L}) {
            Integer samples = seed == null ? null : 20;
            String early = submission.submit(name, null, samples, seed, null, body(csv), true, WAIT);
            String queued = submission.submit(name, null, samples, seed, null, body(csv), false, WAIT);
            JsonNode a = await(api, early, TIMEOUT);
            JsonNode b = await(api, queued, TIMEOUT);
            assertThat(a.path("status").asString()).as(a.toString()).isEqualTo("SUCCEEDED");
            assertThat(b.path("status").asString()).as(b.toString()).isEqualTo("SUCCEEDED");
            if (seed == null) {
                assertThat(a.path("inputBytes").asLong())
                        .as("every chunk scored during the upload: no input stored")
                        .isZero();
            } else {
                assertThat(a.path("inputBytes").asLong())
                        .as("with MC dropout scored on the queue")
                        .isPositive();
            }
            assertThat(b.path("inputBytes").asLong()).isPositive();
            assertThat(a.path("rowsDone").asLong()).isEqualTo(3000);
            assertThat(a.path("evaluation")).isEqualTo(b.path("evaluation"));
            assertThat(a.path("evaluation").path("accuracy").isNumber()).isTrue();
            String resultA = text(early);
            assertThat(resultA.lines().count()).isEqualTo(3001);
            assertThat(resultA).as("mcSeed %s", seed).isEqualTo(text(queued));
        }
    }

    @Test
    void anUploadWhoseScoringFallsBehindLeavesTheRestToTheQueueWithTheSameResult() {
        String name = uniqueName("upload-behind");
        register(name, TrainedModels.irisDropout(datasets));
        String csv = irisCsv(6000);
        String queued = submission.submit(name, null, null, null, null, body(csv), false, WAIT);
        // no budget: the first time the parser waits for the scoring threads, the rest of the chunks go to the queue
        String behind = submission.submit(name, null, null, null, null, body(csv), true, Duration.ZERO);
        JsonNode a = await(api, behind, TIMEOUT);
        JsonNode b = await(api, queued, TIMEOUT);
        assertThat(a.path("status").asString()).as(a.toString()).isEqualTo("SUCCEEDED");
        assertThat(a.path("rowsDone").asLong()).isEqualTo(6000);
        assertThat(a.path("evaluation")).isEqualTo(b.path("evaluation"));
        String result = text(behind);
        assertThat(result.lines().count()).isEqualTo(6001);
        assertThat(result).isEqualTo(text(queued));
    }

    @Test
    void aBadRowAfterChunksWereScoredRemovesTheirResultsToo() throws Exception {
        String name = uniqueName("upload-refused");
        register(name, TrainedModels.irisPlain(datasets));
        List<Long> before = TABLES.stream().map(this::count).toList();
        PipedOutputStream sender = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(sender, 1 << 16);
        CompletableFuture<String> upload =
                CompletableFuture.supplyAsync(() -> submission.submit(name, null, null, null, null, body, true, WAIT));
        sender.write(irisCsv(3000).getBytes(StandardCharsets.UTF_8));
        sender.flush();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (receivingResults() < 2 && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(receivingResults())
                .as("chunks scored while the upload still arrives")
                .isGreaterThanOrEqualTo(2);
        assertThat(api.get("/batch-predictions?size=100").json().path("items").toString())
                .as("an upload is seen by no one until it is accepted")
                .doesNotContain(name);

        sender.write("late,1,2,3,four,setosa\n".getBytes(StandardCharsets.UTF_8));
        sender.close();
        assertThatThrownBy(() -> upload.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(ValidationException.class);
        assertThat(TABLES.stream().map(this::count).toList())
                .as("the refused upload's early results went with it")
                .isEqualTo(before);
    }

    @Test
    void anUploadInterruptedByACrashIsRemovedAtStartup() {
        List<Long> before = TABLES.stream().map(this::count).toList();
        String id = "batch-crashed-upload";
        store.createReceiving(id, training.instanceId(), "gone", 1, null, "[\"a\"]", "[\"a\"]");
        byte[] text = ChunkCodec.text("1,x,0.5\n");
        for (int seq = 0; seq < 20; seq++) {
            store.insertOutputChunk(id, seq, seq, 1, text, null);
        }
        store.insertInputChunk(id, 20, 20, 1, new byte[] {1, 2, 3});
        assertThat(api.get("/batch-predictions/" + id).status()).isEqualTo(404);

        cleanup.afterSingletonsInstantiated(); // what a restart of this instance runs

        assertThat(TABLES.stream().map(this::count).toList()).isEqualTo(before);
    }

    private long receivingResults() {
        Long n = jdbc.queryForObject(
                "select count(*) from batch_output_chunk c join batch_prediction b on b.id = c.batch_id"
                        + " where b.status = 'RECEIVING'",
                Long.class);
        return n == null ? 0 : n;
    }

    private String text(String id) {
        Api.Response result = api.get("/batch-predictions/" + id + "/result");
        assertThat(result.status()).isEqualTo(200);
        return result.body();
    }

    private static ByteArrayInputStream body(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }
}
