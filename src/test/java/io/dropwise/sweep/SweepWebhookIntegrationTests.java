package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import io.dropwise.support.WebhookReceiver;
import io.dropwise.support.WebhookReceiver.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sweep's completion webhook, received on 127.0.0.1: one signed {@code sweep.*} event at its end, none from its
 * trial jobs; refused targets (and a {@code notify} inside {@code base}) store nothing.
 */
class SweepWebhookIntegrationTests extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String SECRET = "per-sweep-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.shared();

    @RegisterExtension
    final WebhookReceiver receiver = WebhookReceiver.perTest();

    @Test
    void aSucceededSweepIsDeliveredOnceSignedAndItsTrialJobsSendNothing() {
        String id = submit(2, "/sweep", ", \"secret\": \"" + SECRET + "\"", "true");
        JsonNode sweep = SweepScenarios.await(api, id, TIMEOUT);
        assertThat(sweep.path("status").asString()).as(sweep.toString()).isEqualTo("SUCCEEDED");

        receiver.await("/sweep", 1, TIMEOUT);
        Received delivery = receiver.received("/sweep").get(0);
        assertThat(WebhookReceiver.verify(delivery, SECRET))
                .as("signed with notify.secret")
                .isTrue();
        assertThat(WebhookReceiver.verify(delivery, WEBHOOK_SECRET)).isFalse();
        assertThat(delivery.header("Dropwise-Webhook-Event")).isEqualTo("sweep.succeeded");
        JsonNode event = JSON.readTree(delivery.text());
        assertThat(event.path("type").asString()).isEqualTo("sweep.succeeded");
        assertThat(event.path("id").asString()).isEqualTo(id);
        assertThat(event.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(event.path("name").asString()).isEqualTo("sweep-hooks");
        assertThat(event.at("/best/trial").asInt())
                .isEqualTo(sweep.at("/best/trial").asInt());
        assertThat(event.at("/best/mean").asDouble())
                .isEqualTo(sweep.at("/best/mean").asDouble());
        assertThat(event.at("/best/params").has("model.hiddenLayers[*].dropout"))
                .isTrue();
        assertThat(event.at("/model/name").asString()).isEqualTo("sweep-hooks");
        assertThat(event.at("/model/version").asInt())
                .isEqualTo(sweep.at("/model/version").asInt());

        JsonNode log = api.get("/sweeps/" + id + "/deliveries").json();
        assertThat(log.path("url").asString()).isEqualTo(receiver.url("/sweep"));
        assertThat(log.path("deliveries").size()).isEqualTo(1);
        // the secret is in no response and not in the stored request
        assertThat(sweep.at("/request/notify/url").asString()).isEqualTo(receiver.url("/sweep"));
        for (String path : List.of("/sweeps/" + id, "/sweeps/" + id + "/deliveries", "/sweeps?size=100")) {
            assertThat(api.get(path).body()).as(path).doesNotContain(SECRET);
        }
        assertThat(jdbc.queryForObject("select request_json from sweep where id = ?", String.class, id))
                .doesNotContain(SECRET);
        // its trial and refit jobs notify nobody
        List<String> jobs = new ArrayList<>();
        sweep.path("trials")
                .forEach(t ->
                        t.path("folds").forEach(f -> jobs.add(f.path("jobId").asString())));
        jobs.add(sweep.path("refitJobId").asString());
        for (String job : jobs) {
            assertThat(api.get("/jobs/" + job).json().at("/spec/notify").isMissingNode())
                    .as(job)
                    .isTrue();
        }
        sleep(500);
        for (String job : jobs) {
            assertThat(api.get("/jobs/" + job + "/deliveries")
                            .json()
                            .path("deliveries")
                            .size())
                    .as(job)
                    .isZero();
        }
        assertThat(receiver.received("/sweep")).as("exactly one delivery").hasSize(1);
    }

    @Test
    void aCancelledSweepIsDeliveredWithTheServerSecret() {
        String id = submit(300, "/cancelled", "", "false");
        Api.Response cancel = api.post("/sweeps/" + id + "/cancel");
        assertThat(cancel.status()).as(cancel.toString()).isIn(200, 202);
        assertThat(SweepScenarios.await(api, id, TIMEOUT).path("status").asString())
                .isEqualTo("CANCELLED");

        receiver.await("/cancelled", 1, TIMEOUT);
        Received delivery = receiver.received("/cancelled").get(0);
        assertThat(WebhookReceiver.verify(delivery, WEBHOOK_SECRET)).isTrue();
        JsonNode event = JSON.readTree(delivery.text());
        assertThat(event.path("type").asString()).isEqualTo("sweep.cancelled");
        assertThat(event.path("id").asString()).isEqualTo(id);
        awaitNoActiveJobs(TIMEOUT);
        sleep(300);
        assertThat(receiver.received("/cancelled")).hasSize(1);
    }

    @Test
    void refusedNotifyIsA400NamingTheFieldAndStoresNothing() {
        awaitNoActiveJobs(TIMEOUT);
        List<Long> before = counts();
        long subscriptions = count("webhook_subscription");
        assertRefused(", \"notify\": {\"url\": \"ftp://example.com/hook\"}", "", "notify.url", "http or https");
        assertRefused(
                ", \"notify\": {\"url\": \"" + receiver.url("/x") + "\", \"secret\": \"short\"}",
                "",
                "notify.secret",
                "16 to 256");
        assertRefused("", ", \"notify\": {\"url\": \"" + receiver.url("/x") + "\"}", "base.notify", "top level");
        assertThat(counts()).isEqualTo(before);
        assertThat(count("webhook_subscription")).isEqualTo(subscriptions);
        assertThat(api.get("/sweeps/sweep-0000000000000000/deliveries").status())
                .isEqualTo(404);
    }

    private void assertRefused(String top, String inBase, String field, String message) {
        Api.Response response = api.postJson("/sweeps", """
                {"base": {"datasetId": "iris", "training": {"epochs": 1}%s},
                 "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.5]}}%s}""".formatted(inBase, top));
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        JsonNode errors = response.json().path("errors");
        assertThat(errors.size()).as("%s", response).isEqualTo(1);
        assertThat(errors.get(0).path("field").asString()).isEqualTo(field);
        assertThat(errors.get(0).path("message").asString()).contains(message);
    }

    private String submit(int epochs, String path, String secret, String refit) {
        Api.Response response = api.postJson("/sweeps", """
                {"name": "sweep-hooks",
                 "base": {"datasetId": "iris", "model": {"hiddenLayers": [{"units": 8}]},
                          "training": {"epochs": %d, "seed": 5}},
                 "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.5]}},
                 "validation": {"folds": 2, "seed": 1},
                 "refit": %s,
                 "notify": {"url": "%s"%s}}""".formatted(epochs, refit, receiver.url(path), secret));
        assertThat(response.status()).as("%s", response).isEqualTo(202);
        assertThat(response.body()).doesNotContain(SECRET);
        return response.json().path("id").asString();
    }
}
