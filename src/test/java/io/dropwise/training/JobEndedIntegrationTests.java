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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** {@link JobEnded} is published (in a transaction that commits) once per job, with the status the job ended in, on every way a job can end. */
class JobEndedIntegrationTests extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    ConfigurableApplicationContext context;

    private final List<JobEnded> ended = new CopyOnWriteArrayList<>();
    /** Keeps an event once its transaction commits: a transaction retried after a conflict publishes again. */
    private final ApplicationListener<PayloadApplicationEvent<JobEnded>> listener = event -> {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            ended.add(event.getPayload());
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                ended.add(event.getPayload());
            }
        });
    };

    @BeforeEach
    void listen() {
        context.addApplicationListener(listener);
    }

    @AfterEach
    void stopListening() {
        context.removeApplicationListener(listener);
    }

    @Test
    void aSucceededJobAndACancelledJobEachEndOnce() {
        String succeeded = submit(3);
        String cancelled = submit(2000);
        assertThat(api.post("/jobs/" + cancelled + "/cancel").status()).isIn(200, 202);

        String finalSucceeded = api.awaitJob(succeeded, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED")
                .get("status")
                .asString();
        String finalCancelled = api.awaitJob(cancelled, TIMEOUT, "SUCCEEDED", "FAILED", "CANCELLED")
                .get("status")
                .asString();
        sleep(300); // a second, wrong event would come right after the transition

        assertThat(finalSucceeded).isEqualTo("SUCCEEDED");
        assertThat(finalCancelled).isEqualTo("CANCELLED");
        assertThat(ended.stream().filter(e -> e.jobId().equals(succeeded)))
                .singleElement()
                .extracting(JobEnded::status)
                .isEqualTo(JobStatus.SUCCEEDED);
        assertThat(ended.stream().filter(e -> e.jobId().equals(cancelled)))
                .singleElement()
                .extracting(JobEnded::status)
                .isEqualTo(JobStatus.CANCELLED);
    }

    private String submit(int epochs) {
        var response = api.postJson(
                "/jobs", "{\"datasetId\": \"iris\", \"training\": {\"epochs\": " + epochs + ", \"seed\": 3}}");
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("id").asString();
    }
}
