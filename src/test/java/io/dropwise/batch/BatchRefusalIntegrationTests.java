package io.dropwise.batch;

import static io.dropwise.batch.BatchTestSupport.await;
import static io.dropwise.batch.BatchTestSupport.irisCsv;
import static io.dropwise.batch.BatchTestSupport.submit;
import static io.dropwise.batch.BatchTestSupport.submitOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.prediction.ServingTestBase;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Refused batches (bad header, bad rows, unknown model or version, empty input) store nothing at all. */
class BatchRefusalIntegrationTests extends ServingTestBase {

    private static final List<String> BATCH_TABLES =
            List.of("batch_prediction", "batch_input_chunk", "batch_output_chunk");
    private static final String HEADER = "id,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n";

    @Test
    void refusedRequestsStoreNothing() {
        String name = uniqueName("refuse");
        register(name, TrainedModels.irisPlain(datasets));
        String model = "model=" + name;

        JsonNode missing = refused(400, model, "id,sepal_length_cm,sepal_width_cm,petal_length_cm\n1,5,3,1\n");
        assertThat(missing.path("errors").get(0).path("field").asString()).isEqualTo("petal_width_cm");
        assertThat(missing.path("detail").asString()).contains("petal_width_cm", "missing");

        JsonNode notANumber =
                refused(400, model, HEADER + "a,5.1,3.5,1.4,0.2\nb,5.1,3.5,1.4,0.2\nc,5.1,wide,1.4,0.2\n");
        assertThat(notANumber.path("row").asLong()).isEqualTo(3);
        assertThat(notANumber.path("line").asLong()).isEqualTo(4);
        assertThat(notANumber.path("errors").get(0).path("field").asString()).isEqualTo("row 3 (line 4)");
        assertThat(notANumber.path("errors").get(0).path("message").asString()).contains("sepal_width_cm", "wide");

        // a bad row after two chunks were already stored: they are removed again
        StringBuilder late = new StringBuilder(irisCsv(2500));
        late.append("late,1,2,3,four,setosa\n");
        JsonNode lateRow = refused(400, model, late.toString());
        assertThat(lateRow.path("row").asLong()).isEqualTo(2501);

        // a line over dropwise.batch.max-line-bytes (128 KiB): after two stored chunks, and a header that never ends
        JsonNode longLine =
                refused(413, model, irisCsv(2500) + "long," + "5".repeat(200_000) + ",3.5,1.4,0.2,setosa\n");
        assertThat(longLine.path("type").asString()).endsWith("/batch-too-large");
        assertThat(longLine.path("detail").asString())
                .contains("Line 2502 is longer than 131072 bytes", "dropwise.batch.max-line-bytes");
        assertThat(refused(413, model, "id," + "x".repeat(3 << 20))
                        .path("detail")
                        .asString())
                .contains("Line 1 is longer than 131072 bytes");
        // passed-through text over dropwise.batch.max-chunk-text-chars (16 Mi characters) in the second chunk, reached
        // at its 839th row of ~20,006 characters, with 3 MB of the body unsent: the 413 comes with its length, so the
        // client has it whole although the server closes the connection without reading the rest (RefusalResponse)
        StringBuilder wideIds = new StringBuilder(irisCsv(1100));
        String id = "i".repeat(20_000);
        for (int r = 0; r < 1000; r++) {
            wideIds.append(id).append(",5.1,3.5,1.4,0.2,setosa\n");
        }
        JsonNode wideText = refused(413, model, wideIds.toString());
        assertThat(wideText.path("detail").asString())
                .containsPattern("Rows 1025 to 19[0-9][0-9] carry more than 16777216 characters")
                .contains("dropwise.batch.max-chunk-text-chars");

        assertThat(refused(400, model, HEADER + "a,5.1,3.5,1.4\n")
                        .path("detail")
                        .asString())
                .contains("has 4 fields; the header has 5");
        assertThat(refused(400, model, "").path("type").asString()).endsWith("/invalid-csv");
        assertThat(refused(400, model, HEADER).path("detail").asString()).contains("no data rows");
        assertThat(refused(400, model, HEADER + "\"a,5\n").path("type").asString())
                .endsWith("/invalid-csv");
        assertThat(refused(400, model, "id,id,sepal_length_cm\n").path("detail").asString())
                .contains("twice");
        assertThat(refused(404, "model=no-such-model", HEADER + "a,1,2,3,4\n")
                        .path("type")
                        .asString())
                .endsWith("/model-not-found");
        // refused before any of its 20 MB is read
        assertThat(refused(404, "model=no-such-model", wideIds.toString())
                        .path("type")
                        .asString())
                .endsWith("/model-not-found");
        assertThat(refused(404, model + "&version=7", HEADER + "a,1,2,3,4\n")
                        .path("type")
                        .asString())
                .endsWith("/model-version-not-found");
        assertThat(refused(404, model + "&version=nosuchalias", HEADER + "a,1,2,3,4\n")
                        .path("type")
                        .asString())
                .endsWith("/model-version-not-found");
        assertThat(refused(400, model + "&mcSamples=0", HEADER + "a,1,2,3,4\n")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("mcSamples");
        assertThat(refused(400, "", HEADER + "a,1,2,3,4\n")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("model");

        List<Long> before = counts();
        Api.Response json = api.send("POST", "/batch-predictions?" + model, "application/json", "{}", Map.of());
        assertThat(json.status()).isEqualTo(415);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void unknownBatchesAnswer404AndAFinishedBatchCannotBeCancelled() {
        assertThat(api.get("/batch-predictions/batch-nope").status()).isEqualTo(404);
        assertThat(api.get("/batch-predictions/batch-nope/result").status()).isEqualTo(404);
        assertThat(api.post("/batch-predictions/batch-nope/cancel").status()).isEqualTo(404);

        String name = uniqueName("cancel");
        register(name, TrainedModels.irisPlain(datasets));
        String id = submitOk(api, "model=" + name, HEADER + "a,5.1,3.5,1.4,0.2\n");
        assertThat(await(api, id, Duration.ofSeconds(60)).path("status").asString())
                .isEqualTo("SUCCEEDED");
        Api.Response cancel = api.post("/batch-predictions/" + id + "/cancel");
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().path("type").asString()).endsWith("/batch-finished");
        assertThat(count("batch_input_chunk where batch_id = '" + id + "'"))
                .as("the input goes once the batch has ended")
                .isZero();

        JsonNode page = api.get("/batch-predictions?page=0&size=100").json();
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(b -> ids.add(b.path("id").asString()));
        assertThat(ids).contains(id);
        assertThat(api.get("/batch-predictions?size=0").status()).isEqualTo(400);
    }

    private JsonNode refused(int status, String query, String csv) {
        List<Long> before = batchCounts();
        List<Long> all = counts();
        Api.Response response = submit(api, query, csv);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(batchCounts()).as("nothing stored for %s", response.body()).isEqualTo(before);
        assertThat(counts()).isEqualTo(all);
        return response.json();
    }

    private List<Long> batchCounts() {
        return BATCH_TABLES.stream().map(this::count).toList();
    }
}
