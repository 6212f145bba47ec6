package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import io.dropwise.support.WebhookReceiver;
import io.dropwise.support.WebhookReceiver.Received;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completion webhooks of jobs, received on 127.0.0.1 (the test application allows private targets): one signed
 * delivery per terminal state, checked with the README's recipe; retries after 500s; refused targets store nothing.
 */
class JobWebhookIntegrationTests extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String JOB_SECRET = "per-job-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.shared();

    @Autowired
    RunStore runs;

    @RegisterExtension
    final WebhookReceiver receiver = WebhookReceiver.perTest();

    @Test
    void aSucceededJobIsDeliveredOnceSignedWithItsOwnSecretWhichIsNeverShown() {
        String id = submit(3, "/succeeded", JOB_SECRET);
        assertThat(api.awaitJob(id, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED")
                        .path("status")
                        .asString())
                .isEqualTo("SUCCEEDED");

        Received delivery = awaitOne("/succeeded");
        assertThat(WebhookReceiver.verify(delivery, JOB_SECRET))
                .as("signed with notify.secret")
                .isTrue();
        assertThat(WebhookReceiver.verify(delivery, WEBHOOK_SECRET)).isFalse();
        JsonNode event = JSON.readTree(delivery.text());
        assertThat(event.path("type").asString()).isEqualTo("job.succeeded");
        assertThat(event.path("id").asString()).isEqualTo(id);
        assertThat(event.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(event.path("at").asString()).isNotEmpty();
        assertThat(event.at("/model/name").asString()).isEqualTo("webhooks");
        assertThat(event.at("/model/version").asInt()).isPositive();
        assertThat(delivery.header("Dropwise-Webhook-Event")).isEqualTo("job.succeeded");
        assertThat(delivery.header("Dropwise-Webhook-Id")).startsWith("dlv-");
        assertThat(delivery.header("Content-Type")).isEqualTo("application/json");

        JsonNode log = api.get("/jobs/" + id + "/deliveries").json();
        assertThat(log.path("url").asString()).isEqualTo(receiver.url("/succeeded"));
        JsonNode entry = log.path("deliveries").get(0);
        assertThat(log.path("deliveries").size()).isEqualTo(1);
        assertThat(entry.path("id").asString()).isEqualTo(delivery.header("Dropwise-Webhook-Id"));
        assertThat(entry.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(entry.path("attempts").asInt()).isEqualTo(1);
        assertThat(entry.at("/attemptLog/0/statusCode").asInt()).isEqualTo(200);

        // the secret is in no response and not in the stored spec
        Api.Response job = api.get("/jobs/" + id);
        assertThat(job.json().at("/spec/notify/url").asString()).isEqualTo(receiver.url("/succeeded"));
        for (String path : List.of("/jobs/" + id, "/jobs/" + id + "/deliveries", "/jobs?size=100")) {
            assertThat(api.get(path).body()).as(path).doesNotContain(JOB_SECRET);
        }
        assertThat(jdbc.queryForObject("select spec_json from training_job where id = ?", String.class, id))
                .doesNotContain(JOB_SECRET);
        sleep(500);
        assertThat(receiver.received("/succeeded")).as("exactly one delivery").hasSize(1);

        // deleting the job: the secret, the deliveries and their attempts go with it
        awaitNoActiveJobs(TIMEOUT);
        assertThat(api.delete("/jobs/" + id).status()).isEqualTo(204);
        assertThat(api.get("/jobs/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from webhook_delivery where owner_id = ?", Long.class, id))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from webhook_attempt where delivery_id = ?",
                        Long.class,
                        delivery.header("Dropwise-Webhook-Id")))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from webhook_subscription where owner_id = ?", Long.class, id))
                .isZero();
    }

    @Test
    void failedAndCancelledJobsAreDeliveredSignedWithTheServerSecret() {
        String failed = submit(5000, "/failed", null);
        api.awaitJob(failed, TIMEOUT, "RUNNING");
        // the run's own failure transaction (the engine seldom fails on purpose): FAILED plus JobEnded, as in a crash
        runs.fail(failed, 1, "simulated failure for the webhook test");
        String cancelled = submit(5000, "/cancelled", null);
        assertThat(api.post("/jobs/" + cancelled + "/cancel").status()).isIn(200, 202);
        api.awaitJob(cancelled, TIMEOUT, "CANCELLED");

        Received fail = awaitOne("/failed");
        assertThat(WebhookReceiver.verify(fail, WEBHOOK_SECRET)).isTrue();
        JsonNode failEvent = JSON.readTree(fail.text());
        assertThat(failEvent.path("type").asString()).isEqualTo("job.failed");
        assertThat(failEvent.path("status").asString()).isEqualTo("FAILED");
        assertThat(failEvent.path("error").asString()).contains("simulated failure");

        Received cancel = awaitOne("/cancelled");
        assertThat(WebhookReceiver.verify(cancel, WEBHOOK_SECRET)).isTrue();
        assertThat(JSON.readTree(cancel.text()).path("type").asString()).isEqualTo("job.cancelled");
        assertThat(JSON.readTree(cancel.text()).path("id").asString()).isEqualTo(cancelled);
        awaitNoActiveJobs(TIMEOUT);
        sleep(500);
        assertThat(receiver.received("/failed")).hasSize(1);
        assertThat(receiver.received("/cancelled")).hasSize(1);
    }

    @Test
    void aReceiverAnswering500TwiceGetsTheSameDeliveryAgainWithBackoff() {
        receiver.script("/flaky", 500, 500);
        String id = submit(2, "/flaky", JOB_SECRET);
        api.awaitJob(id, TIMEOUT, "SUCCEEDED");
        receiver.await("/flaky", 3, TIMEOUT);

        List<Received> requests = receiver.received("/flaky");
        assertThat(requests).extracting(Received::answered).containsExactly(500, 500, 200);
        assertThat(requests)
                .extracting(r -> r.header("Dropwise-Webhook-Id"))
                .containsOnly(requests.get(0).header("Dropwise-Webhook-Id"));
        assertThat(requests)
                .extracting(r -> r.header("Dropwise-Webhook-Attempt"))
                .containsExactly("1", "2", "3");
        assertThat(requests)
                .extracting(Received::text)
                .containsOnly(requests.get(0).text());
        assertThat(requests).allMatch(r -> WebhookReceiver.verify(r, JOB_SECRET));

        JsonNode entry = awaitDeliveryStatus(id, "SUCCEEDED");
        assertThat(entry.path("attempts").asInt()).isEqualTo(3);
        assertThat(entry.path("nextAttemptAt").isNull()).isTrue();
        JsonNode attempts = entry.path("attemptLog");
        assertThat(attempts.size()).isEqualTo(3);
        assertThat(List.of(
                        attempts.get(0).path("statusCode").asInt(),
                        attempts.get(1).path("statusCode").asInt(),
                        attempts.get(2).path("statusCode").asInt()))
                .containsExactly(500, 500, 200);
        assertThat(attempts.get(0).path("error").asString()).isEqualTo("HTTP 500");
        // backoff: 300 ms after the first failure, 600 ms after the second (dropwise.webhooks.initial-backoff)
        assertThat(java.time.Duration.between(
                        java.time.Instant.parse(
                                attempts.get(0).path("finishedAt").asString()),
                        java.time.Instant.parse(
                                attempts.get(1).path("startedAt").asString())))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(java.time.Duration.between(
                        java.time.Instant.parse(
                                attempts.get(1).path("finishedAt").asString()),
                        java.time.Instant.parse(
                                attempts.get(2).path("startedAt").asString())))
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void refusedNotifyTargetsAreA400NamingTheFieldAndStoreNothing() {
        awaitNoActiveJobs(TIMEOUT);
        List<Long> before = counts();
        long subscriptions = count("webhook_subscription");
        assertRefused("{\"url\": \"ftp://example.com/hook\"}", "notify.url", "http or https");
        assertRefused("{\"url\": \"file:///etc/passwd\"}", "notify.url", "http or https");
        assertRefused("{\"secret\": \"" + JOB_SECRET + "\"}", "notify.url", "required");
        assertRefused("{\"url\": \"" + receiver.url("/x") + "\", \"secret\": \"short\"}", "notify.secret", "16 to 256");
        assertThat(counts()).isEqualTo(before);
        assertThat(count("webhook_subscription")).isEqualTo(subscriptions);
        assertThat(receiver.received("/x")).isEmpty();
    }

    @Test
    void aJobWithoutNotifyHasAnEmptyDeliveryLogAndAnUnknownJobIs404() {
        Api.Response log = api.get("/jobs/job-0000000000000000/deliveries");
        assertThat(log.status()).isEqualTo(404);
        assertThat(log.contentType()).startsWith("application/problem+json");
    }

    private void assertRefused(String notify, String field, String message) {
        Api.Response response = api.postJson(
                "/jobs", "{\"datasetId\": \"iris\", \"training\": {\"epochs\": 1}, \"notify\": " + notify + "}");
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.json().path("errors");
        assertThat(errors.size()).as("%s", response).isEqualTo(1);
        assertThat(errors.get(0).path("field").asString()).isEqualTo(field);
        assertThat(errors.get(0).path("message").asString()).contains(message);
    }

    private String submit(int epochs, String path, String secret) {
        String notify = "{\"url\": \"" + receiver.url(path) + "\""
                + (secret == null ? "" : ", \"secret\": \"" + secret + "\"") + "}";
        Api.Response response = api.postJson("/jobs", """
                {"name": "webhooks", "datasetId": "iris", "model": {"hiddenLayers": [{"units": 8}]},
                 "training": {"epochs": %d, "seed": 5}, "notify": %s}""".formatted(epochs, notify));
        assertThat(response.status()).as("%s", response).isEqualTo(202);
        assertThat(response.body()).doesNotContain(JOB_SECRET);
        return response.json().path("id").asString();
    }

    private Received awaitOne(String path) {
        receiver.await(path, 1, TIMEOUT);
        return receiver.received(path).get(0);
    }

    private JsonNode awaitDeliveryStatus(String jobId, String status) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode entry = api.get("/jobs/" + jobId + "/deliveries")
                    .json()
                    .path("deliveries")
                    .path(0);
            if (entry.path("status").asString().equals(status)) {
                return entry;
            }
            assertThat(System.nanoTime()).as("delivery of %s: %s", jobId, entry).isLessThan(deadline);
            sleep(100);
        }
    }
}
