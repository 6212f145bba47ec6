package io.dropwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.WebhookReceiver;
import io.dropwise.support.WebhookReceiver.Received;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook deliveries survive a SIGKILL (separate JVMs on one H2 file). When instance A is killed, one delivery is
 * in flight (the receiver holds the request unanswered) and another waits for its retry (the receiver answered 500).
 * After the restart, B delivers each again under the same {@code Dropwise-Webhook-Id}: the receiver answers each
 * exactly once with 2xx, so, deduplicating on the id as the README says, it sees each event once; nothing comes after.
 */
class WebhookRestartIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String SECRET = "restart-test-signing-secret";
    private static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path dir;

    @Test
    void deliveriesInFlightOrPendingWhenKilledAreDeliveredOnceAfterTheRestart() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("dropwise").toAbsolutePath()
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.hold("/in-flight");
            receiver.script("/pending", 500);
            String inFlight;
            String pending;
            try (AppProcess a = AppProcess.start("webhooks-a", dir, properties(url, "webhooks-a"))) {
                inFlight = submit(a, receiver.url("/in-flight"));
                pending = submit(a, receiver.url("/pending"));
                receiver.await("/in-flight", 1, TIMEOUT);
                receiver.await("/pending", 1, TIMEOUT);
                JsonNode waiting = awaitDelivery(
                        a, pending, e -> e.at("/attemptLog/0/statusCode").asInt() == 500);
                assertThat(waiting.path("status").asString()).isEqualTo("PENDING");
                assertThat(waiting.path("nextAttemptAt").asString())
                        .as("a retry is due")
                        .isNotEmpty();
                a.kill();
            }
            receiver.release("/in-flight");
            assertThat(receiver.received("/in-flight"))
                    .extracting(Received::answered)
                    .containsExactly(0);
            assertThat(receiver.received("/pending"))
                    .extracting(Received::answered)
                    .containsExactly(500);

            try (AppProcess b = AppProcess.start("webhooks-b", dir, properties(url, "webhooks-b"))) {
                JsonNode inFlightLog = awaitDelivered(b, inFlight);
                JsonNode pendingLog = awaitDelivered(b, pending);
                AppProcess.sleep(4000); // a duplicate would come within a heartbeat timeout or a backoff
                assertDeliveredOnce(receiver.received("/in-flight"), inFlight, "job.succeeded");
                assertDeliveredOnce(receiver.received("/pending"), pending, "job.succeeded");

                assertThat(inFlightLog.path("attempts").asInt()).isEqualTo(2);
                assertThat(inFlightLog.at("/attemptLog/0/error").asString()).startsWith("interrupted");
                assertThat(inFlightLog.at("/attemptLog/1/statusCode").asInt()).isEqualTo(200);
                assertThat(pendingLog.path("attempts").asInt()).isEqualTo(2);
                assertThat(pendingLog.at("/attemptLog/0/statusCode").asInt()).isEqualTo(500);
                assertThat(pendingLog.at("/attemptLog/1/statusCode").asInt()).isEqualTo(200);
                assertThat(b.log()).doesNotContain(SECRET);
            }
        }
    }

    /** Every request carried the same delivery id and body, was signed, and exactly one was answered 2xx (the last). */
    private static void assertDeliveredOnce(List<Received> requests, String jobId, String type) {
        assertThat(requests).hasSize(2);
        assertThat(requests)
                .extracting(r -> r.header("Dropwise-Webhook-Id"))
                .containsOnly(requests.get(0).header("Dropwise-Webhook-Id"));
        assertThat(requests)
                .extracting(Received::text)
                .containsOnly(requests.get(0).text());
        assertThat(requests).allMatch(r -> WebhookReceiver.verify(r, SECRET));
        assertThat(requests.get(1).answered()).isEqualTo(200);
        JsonNode event = JSON.readTree(requests.get(0).text());
        assertThat(event.path("id").asString()).isEqualTo(jobId);
        assertThat(event.path("type").asString()).isEqualTo(type);
    }

    private static JsonNode awaitDelivered(AppProcess app, String jobId) throws Exception {
        return awaitDelivery(
                app, jobId, entry -> entry.path("status").asString().equals("SUCCEEDED"));
    }

    private static JsonNode awaitDelivery(AppProcess app, String jobId, Predicate<JsonNode> condition)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> response = app.get("/jobs/" + jobId + "/deliveries");
            JsonNode entry = JSON.readTree(response.body()).path("deliveries").path(0);
            if (condition.test(entry)) {
                return entry;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("delivery not as expected: " + response.body() + "\n" + app.tail());
            }
            AppProcess.sleep(200);
        }
    }

    private static String submit(AppProcess app, String notifyUrl) throws Exception {
        HttpResponse<String> response = app.post("/jobs", "application/json", """
                {"name": "restart-hooks", "datasetId": "iris", "model": {"hiddenLayers": [{"units": 8}]},
                 "training": {"epochs": 2, "seed": 1}, "notify": {"url": "%s"}}""".formatted(notifyUrl));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("id").asString();
    }

    private static Map<String, String> properties(String url, String instance) {
        return Map.of(
                "spring.datasource.url", url,
                "spring.main.banner-mode", "off",
                "dropwise.training.instance-id", instance,
                "dropwise.webhooks.allow-private", "true",
                "dropwise.webhooks.signing-secret", SECRET,
                "dropwise.webhooks.initial-backoff", "10s",
                // a dead instance's executions (training and deliveries) are taken over after ~4 s instead of 15
                "db-scheduler.heartbeat-interval", "1s",
                "db-scheduler.missed-heartbeats-limit", "4",
                "db-scheduler.polling-interval", "500ms");
    }
}
