package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/** {@link JobEnded} is published for every job, with the status the job ended in, on every way a job can end. */
class JobEndedIntegrationTests extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    ConfigurableApplicationContext context;

    private final List<JobEnded> ended = new CopyOnWriteArrayList<>();
    private final ApplicationListener<PayloadApplicationEvent<JobEnded>> listener =
            event -> ended.add(event.getPayload());

    @BeforeEach
    void listen() {
        context.addApplicationListener(listener);
    }

    @AfterEach
    void stopListening() {
        context.removeApplicationListener(listener);
    }

    @Test
    void aSucceededJobAndACancelledJobEachEndInTheirStatus() {
        String succeeded = submit(3);
        String cancelled = submit(2000);
        assertThat(api.post("/jobs/" + cancelled + "/cancel").status()).isIn(200, 202);

        String finalSucceeded = api.awaitJob(succeeded, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED")
                .get("status")
                .asString();
        String finalCancelled = api.awaitJob(cancelled, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED")
                .get("status")
                .asString();

        assertThat(finalSucceeded).isEqualTo("SUCCEEDED");
        assertThat(finalCancelled).isEqualTo("CANCELLED");
        // a transaction retried after a conflict publishes again (the first one rolled back, and with it whatever
        // its listeners did), so a listener sees the end at least once, always with the status the job ended in
        assertThat(ended.stream().filter(e -> e.jobId().equals(succeeded)))
                .isNotEmpty()
                .extracting(JobEnded::status)
                .containsOnly(JobStatus.SUCCEEDED);
        assertThat(ended.stream().filter(e -> e.jobId().equals(cancelled)))
                .isNotEmpty()
                .extracting(JobEnded::status)
                .containsOnly(JobStatus.CANCELLED);
    }

    private String submit(int epochs) {
        var response = api.postJson(
                "/jobs", "{\"datasetId\": \"iris\", \"training\": {\"epochs\": " + epochs + ", \"seed\": 3}}");
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("id").asString();
    }
}
