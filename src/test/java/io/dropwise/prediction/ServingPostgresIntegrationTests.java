package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.dataset.DatasetProvider;
import io.dropwise.model.ModelRegistry;
import io.dropwise.prediction.TrainedModels.Trained;
import io.dropwise.support.Api;
import io.dropwise.support.PostgresIntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Serving on PostgreSQL (the production database): the iris flow end to end, version numbering under concurrent
 * registrations (the registry's row lock), and an alias move seen by the next prediction.
 */
class ServingPostgresIntegrationTests extends PostgresIntegrationTest {

    @Autowired
    ModelRegistry registry;

    @Autowired
    DatasetProvider datasets;

    @Test
    void trainOnIrisThenPredictASetosaRow() {
        ServingScenarios.trainOnIrisThenPredictSetosa(api);
    }

    @Test
    void concurrentRegistrationsGetConsecutiveVersions() throws Exception {
        ServingScenarios.concurrentRegistrationsGetConsecutiveVersions(registry, TrainedModels.irisPlain(datasets));
    }

    @Test
    void anAliasMoveIsSeenByTheNextPrediction() {
        String name = "alias-pg-" + UUID.randomUUID().toString().substring(0, 8);
        Trained trained = TrainedModels.irisDropout(datasets);
        for (int i = 0; i < 2; i++) {
            registry.register(trained.registration(name));
        }
        String one = "{\"instances\":[[5.1,3.5,1.4,0.2]]}";
        for (int version : new int[] {1, 2, 1}) {
            Api.Response moved = api.send(
                    "PUT",
                    "/models/" + name + "/aliases/champion",
                    "application/json",
                    "{\"version\":" + version + "}",
                    Map.of());
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
            Api.Response predicted = api.postJson("/models/" + name + "/versions/champion/predict", one);
            assertThat(predicted.json().path("model").path("version").asInt()).isEqualTo(version);
        }
    }
}
