package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import io.dropwise.training.SweepJobs;
import io.dropwise.training.SweepJobs.Metrics;
import io.dropwise.training.SweepJobs.SweepJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What a coordinator pass reads instead of every epoch (one row per job; aggregates for pruning) equals what follows
 * from every epoch, as {@code GET /jobs/{id}/metrics} shows them: the metrics at each job's best epoch, the last epoch,
 * and per epoch the best validation loss and accuracy up to it.
 */
class SweepScoreReadsIntegrationTests extends IntegrationTest {

    @Autowired
    SweepJobs jobs;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theAggregatesAreTheBestsOverEveryEpoch() {
        check(api, jobs, transactions);
    }

    /** Runs a small sweep and checks every read against the epochs; returns the sweep's id. */
    static String check(Api api, SweepJobs jobs, PlatformTransactionManager transactions) {
        String id = SweepScenarios.submit(api, """
                {"base": {"datasetId": "iris", "model": {"hiddenLayers": [{"units": 8, "dropout": 0.5}]},
                          "training": {"epochs": 8, "seed": 7,
                                       "optimizer": {"type": "sgd", "learningRate": 0.2}}},
                 "search": {"grid": {"training.l2": [0, 0.01]}},
                 "validation": {"folds": 2, "seed": 3}, "refit": false, "maxConcurrentTrials": 2}""");
        JsonNode sweep = SweepScenarios.await(api, id, Duration.ofSeconds(300));
        assertThat(sweep.path("status").asString()).as(sweep.toString()).isEqualTo("SUCCEEDED");
        TransactionTemplate tx = new TransactionTemplate(transactions);

        List<SweepJob> read = tx.execute(t -> jobs.jobs(id));
        assertThat(read).hasSize(4);
        List<String> ids = new ArrayList<>();
        int checked = 0;
        for (SweepJob job : read) {
            ids.add(job.id());
            List<JsonNode> epochs = new ArrayList<>();
            api.get("/jobs/" + job.id() + "/metrics").json().path("epochs").forEach(epochs::add);
            assertThat(epochs).isNotEmpty();
            JsonNode atBest = epochs.stream()
                    .filter(e -> e.path("epoch").asInt() == job.bestEpoch())
                    .findFirst()
                    .orElseThrow();
            assertThat(job.best()).isNotNull();
            assertThat(job.best().validationLoss())
                    .isEqualTo(atBest.path("validationLoss").asDouble());
            assertThat(job.best().validationAccuracy())
                    .isEqualTo(atBest.path("validationAccuracy").asDouble());
            assertThat(job.best().gap()).isEqualTo(atBest.path("gap").asDouble());
            for (int upTo = 1; upTo <= epochs.size(); upTo++) {
                int e = upTo;
                Map<String, Metrics> bests = tx.execute(t -> jobs.bestsUpTo(id, e));
                double loss = Double.POSITIVE_INFINITY;
                double accuracy = Double.NEGATIVE_INFINITY;
                for (JsonNode m : epochs.subList(0, e)) {
                    loss = Math.min(loss, m.path("validationLoss").asDouble());
                    accuracy = Math.max(accuracy, m.path("validationAccuracy").asDouble());
                }
                assertThat(bests.get(job.id()).validationLoss())
                        .as("job %s up to %d", job.id(), e)
                        .isEqualTo(loss);
                assertThat(bests.get(job.id()).validationAccuracy())
                        .as("job %s up to %d", job.id(), e)
                        .isEqualTo(accuracy);
                assertThat(bests.get(job.id()).validationRmse()).isNull();
                checked++;
            }
            int last = epochs.get(epochs.size() - 1).path("epoch").asInt();
            Map<String, Integer> lastEpochs = tx.execute(t -> jobs.lastEpochs(List.of(job.id())));
            assertThat(lastEpochs).containsEntry(job.id(), last);
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
        Map<String, Metrics> none = tx.execute(t -> jobs.bestsUpTo(id, 0));
        assertThat(none).isEmpty();
        Map<String, Integer> noJobs = tx.execute(t -> jobs.lastEpochs(List.of()));
        assertThat(noJobs).isEmpty();
        assertThat(ids).doesNotHaveDuplicates();
        return id;
    }
}
