package io.dropwise.prediction;

import org.junit.jupiter.api.Test;

/**
 * The whole flow through the service on H2: train on {@code iris} with {@code POST /jobs}, predict a known setosa
 * row ({@link ServingScenarios#trainOnIrisThenPredictSetosa}).
 */
class IrisEndToEndIntegrationTests extends ServingTestBase {

    @Test
    void trainOnIrisThenPredictASetosaRow() {
        ServingScenarios.trainOnIrisThenPredictSetosa(api);
    }
}
