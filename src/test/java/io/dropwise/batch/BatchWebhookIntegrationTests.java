package io.dropwise.batch;

import static io.dropwise.batch.BatchTestSupport.await;
import static io.dropwise.batch.BatchTestSupport.irisCsv;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.prediction.ServingTestBase;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.support.Api;
import io.dropwise.support.WebhookReceiver;
import io.dropwise.support.WebhookReceiver.Received;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch prediction's completion webhook, received on 127.0.0.1: {@code notifyUrl} in the query, the secret in the
 * {@code Dropwise-Webhook-Secret} header; one signed {@code batch.*} event; refused targets store nothing.
 */
class BatchWebhookIntegrationTests extends ServingTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SECRET = "per-batch-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.shared();

    @RegisterExtension
    final WebhookReceiver receiver = WebhookReceiver.perTest();

    @Test
    void aSucceededBatchIsDeliveredOnceSignedWithTheHeadersSecret() {
        String name = uniqueName("batch-hooks");
        register(name, TrainedModels.irisDropout(datasets));
        Api.Response submitted = submit("model=" + name + "&notifyUrl=" + encode(receiver.url("/batch")), SECRET);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().path("id").asString();
        JsonNode batch = await(api, id, TIMEOUT);
        assertThat(batch.path("status").asString()).as(batch.toString()).isEqualTo("SUCCEEDED");

        receiver.await("/batch", 1, TIMEOUT);
        Received delivery = receiver.received("/batch").get(0);
        assertThat(WebhookReceiver.verify(delivery, SECRET))
                .as("signed with the header's secret")
                .isTrue();
        assertThat(WebhookReceiver.verify(delivery, WEBHOOK_SECRET)).isFalse();
        assertThat(delivery.header("Dropwise-Webhook-Event")).isEqualTo("batch.succeeded");
        JsonNode event = JSON.readTree(delivery.text());
        assertThat(event.path("type").asString()).isEqualTo("batch.succeeded");
        assertThat(event.path("id").asString()).isEqualTo(id);
        assertThat(event.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(event.at("/model/name").asString()).isEqualTo(name);
        assertThat(event.path("rows").asLong()).isEqualTo(30);
        assertThat(event.at("/evaluation").isObject()).as(event.toString()).isTrue();
        assertThat(event.at("/links/result").asString()).isEqualTo("/batch-predictions/" + id + "/result");

        JsonNode log = api.get("/batch-predictions/" + id + "/deliveries").json();
        assertThat(log.path("url").asString()).isEqualTo(receiver.url("/batch"));
        assertThat(log.path("deliveries").size()).isEqualTo(1);
        for (String path : List.of("/batch-predictions/" + id, "/batch-predictions/" + id + "/deliveries")) {
            assertThat(api.get(path).body()).as(path).doesNotContain(SECRET);
        }
        sleep(500);
        assertThat(receiver.received("/batch")).as("exactly one delivery").hasSize(1);
    }

    @Test
    void refusedNotifyIsA400NamingTheFieldAndStoresNothing() {
        String name = uniqueName("batch-hooks-refused");
        register(name, TrainedModels.irisDropout(datasets));
        List<Long> before = counts();
        long subscriptions = count("webhook_subscription");
        assertRefused("model=" + name + "&notifyUrl=" + encode("ftp://example.com/hook"), null, "notifyUrl", "http");
        assertRefused(
                "model=" + name + "&notifyUrl=" + encode(receiver.url("/x")),
                "short",
                "Dropwise-Webhook-Secret",
                "16 to 256");
        assertRefused("model=" + name, SECRET, "notifyUrl", "required");
        assertThat(counts()).isEqualTo(before);
        assertThat(count("webhook_subscription")).isEqualTo(subscriptions);
        assertThat(api.get("/batch-predictions/batch-nope/deliveries").status()).isEqualTo(404);
    }

    private void assertRefused(String query, String secret, String field, String message) {
        Api.Response response = submit(query, secret);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).doesNotContain(SECRET);
        JsonNode errors = response.json().path("errors");
        assertThat(errors.size()).as(response.body()).isEqualTo(1);
        assertThat(errors.get(0).path("field").asString()).isEqualTo(field);
        assertThat(errors.get(0).path("message").asString()).contains(message);
    }

    private Api.Response submit(String query, String secret) {
        Map<String, String> headers = secret == null ? Map.of() : Map.of("Dropwise-Webhook-Secret", secret);
        return api.send("POST", "/batch-predictions?" + query, "text/csv", irisCsv(30), headers);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
