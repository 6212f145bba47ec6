package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.PostgresIntegrationTest;
import io.dropwise.support.WebhookReceiver;
import io.dropwise.support.WebhookReceiver.Received;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A job's completion webhook on PostgreSQL: scheduled in the job's end transaction, retried once, delivered signed. */
class JobWebhookPostgresIntegrationTests extends PostgresIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aJobEndIsDeliveredSignedAfterARetry() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.script("/pg", 503);
            Api.Response submitted = api.postJson("/jobs", """
                    {"datasetId": "iris", "model": {"hiddenLayers": [{"units": 8}]}, "training": {"epochs": 2},
                     "notify": {"url": "%s"}}""".formatted(receiver.url("/pg")));
            assertThat(submitted.status()).as("%s", submitted).isEqualTo(202);
            String id = submitted.json().path("id").asString();
            api.awaitJob(id, TIMEOUT, "SUCCEEDED");
            receiver.await("/pg", 2, TIMEOUT);

            List<Received> requests = receiver.received("/pg");
            assertThat(requests).extracting(Received::answered).containsExactly(503, 200);
            assertThat(requests).allMatch(r -> WebhookReceiver.verify(r, WEBHOOK_SECRET));
            assertThat(requests.get(0).text()).contains("\"type\":\"job.succeeded\"", id);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            JsonNode entry;
            while (!(entry = api.get("/jobs/" + id + "/deliveries").json().at("/deliveries/0"))
                    .path("status")
                    .asString()
                    .equals("SUCCEEDED")) {
                assertThat(System.nanoTime()).as("%s", entry).isLessThan(deadline);
                sleep(100);
            }
            assertThat(entry.path("attempts").asInt()).isEqualTo(2);
            assertThat(entry.at("/attemptLog/0/statusCode").asInt()).isEqualTo(503);
        }
    }
}
