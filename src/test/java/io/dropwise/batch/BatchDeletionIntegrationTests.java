package io.dropwise.batch;

import static io.dropwise.batch.BatchTestSupport.await;
import static io.dropwise.batch.BatchTestSupport.irisCsv;
import static io.dropwise.batch.BatchTestSupport.submitOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.prediction.ServingTestBase;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.support.Api;
import io.dropwise.support.WebhookReceiver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /batch-predictions/{id}}: an ended batch goes with its result, its chunk rows and its webhook
 * deliveries; a queued or running one is refused (409) and keeps everything.
 */
class BatchDeletionIntegrationTests extends ServingTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aFinishedBatchGoesWithItsChunksAndItsWebhookDeliveries() throws Exception {
        String name = uniqueName("batch-delete");
        register(name, TrainedModels.irisPlain(datasets));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String url = URLEncoder.encode(receiver.url("/deleted"), StandardCharsets.UTF_8);
            Api.Response submitted = api.send(
                    "POST",
                    "/batch-predictions?model=" + name + "&notifyUrl=" + url,
                    "text/csv",
                    irisCsv(2500),
                    Map.of("Dropwise-Webhook-Secret", "per-batch-secret-0123456789"));
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            String id = submitted.json().path("id").asString();
            assertThat(await(api, id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
            receiver.await("/deleted", 1, TIMEOUT);
            assertThat(count("batch_output_chunk where batch_id = '" + id + "'"))
                    .isEqualTo(3);
            assertThat(deliveryRows(id)).isPositive();

            assertThat(api.delete("/batch-predictions/" + id).status()).isEqualTo(204);

            assertThat(api.get("/batch-predictions/" + id).status()).isEqualTo(404);
            assertThat(api.get("/batch-predictions/" + id + "/result").status()).isEqualTo(404);
            assertThat(api.get("/batch-predictions/" + id + "/deliveries").status())
                    .isEqualTo(404);
            assertThat(api.delete("/batch-predictions/" + id).status())
                    .as("already gone")
                    .isEqualTo(404);
            assertThat(listed()).doesNotContain(id);
            for (String table : List.of(
                    "batch_prediction where id",
                    "batch_input_chunk where batch_id",
                    "batch_output_chunk where batch_id")) {
                assertThat(count(table + " = '" + id + "'")).as(table).isZero();
            }
            assertThat(deliveryRows(id))
                    .as("deliveries and subscription forgotten")
                    .isZero();
        }
    }

    @Test
    void aQueuedOrRunningBatchIsRefusedAndKeepsEverything() {
        String name = uniqueName("batch-keep");
        register(name, TrainedModels.irisPlain(datasets));
        String id = submitOk(api, "model=" + name, irisCsv(100));
        assertThat(await(api, id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        for (String status : List.of("QUEUED", "RUNNING")) {
            // the state a batch is in while it waits or runs, set directly so the test does not race the queue
            jdbc.update("update batch_prediction set status = ? where id = ?", status, id);
            Api.Response refused = api.delete("/batch-predictions/" + id);
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            JsonNode problem = refused.json();
            assertThat(problem.path("type").asString()).endsWith("/batch-not-finished");
            assertThat(problem.path("batchStatus").asString()).isEqualTo(status);
            assertThat(problem.path("detail").asString()).contains("/batch-predictions/" + id + "/cancel");
            assertThat(count("batch_output_chunk where batch_id = '" + id + "'"))
                    .isEqualTo(1);
        }
        jdbc.update("update batch_prediction set status = 'SUCCEEDED' where id = ?", id);
        assertThat(api.get("/batch-predictions/" + id + "/result").status()).isEqualTo(200);
        assertThat(api.delete("/batch-predictions/batch-nope").status()).isEqualTo(404);
    }

    private long deliveryRows(String id) {
        return count("webhook_delivery where owner_kind = 'batch' and owner_id = '" + id + "'")
                + count("webhook_subscription where owner_kind = 'batch' and owner_id = '" + id + "'");
    }

    private List<String> listed() {
        JsonNode page = api.get("/batch-predictions?page=0&size=100").json();
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(b -> ids.add(b.path("id").asString()));
        return ids;
    }
}
