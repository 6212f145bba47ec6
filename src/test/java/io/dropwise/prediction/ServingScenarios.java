package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.model.ModelRegistry;
import io.dropwise.model.ModelVersionRef;
import io.dropwise.model.VersionSelector;
import io.dropwise.prediction.TrainedModels.Trained;
import io.dropwise.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;

/** Serving flows run both on H2 and on PostgreSQL. */
public final class ServingScenarios {

    private ServingScenarios() {}

    /**
     * As a user does it: train on the built-in {@code iris} with {@code POST /jobs}, wait for the job, find the
     * version it registered, and predict a known setosa row (positional, named and through V2).
     */
    public static void trainOnIrisThenPredictSetosa(Api api) {
        String name = "iris-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response submitted = api.postJson(
                "/jobs",
                "{\"name\":\"" + name + "\",\"datasetId\":\"iris\","
                        + "\"model\":{\"hiddenLayers\":[{\"units\":16,\"activation\":\"relu\",\"dropout\":0.1}]},"
                        + "\"training\":{\"epochs\":60,\"batchSize\":16,\"seed\":42}}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String jobId = submitted.json().path("id").asString();

        JsonNode job = api.awaitJob(jobId, Duration.ofSeconds(120), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("model").path("name").asString()).isEqualTo(name);
        int version = job.path("model").path("version").asInt();
        assertThat(version).isEqualTo(1);

        JsonNode described = api.get("/models/" + name + "/versions/" + version).json();
        assertThat(described.path("sourceJobId").asString()).isEqualTo(jobId);
        assertThat(described.path("datasetId").asString()).isEqualTo("iris");
        assertThat(described.path("spec").path("training").path("seed").asInt()).isEqualTo(42);

        Api.Response predicted = api.postJson(
                "/models/" + name + "/predict",
                "{\"instances\":[[5.1,3.5,1.4,0.2],{\"sepal_length_cm\":5.1,\"sepal_width_cm\":3.5,"
                        + "\"petal_length_cm\":1.4,\"petal_width_cm\":0.2}]}");
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        JsonNode body = predicted.json();
        assertThat(body.path("model").path("version").asInt()).isEqualTo(version);
        for (JsonNode prediction : body.path("predictions")) {
            assertThat(prediction.path("label").asString()).isEqualTo("setosa");
            assertThat(prediction.path("probabilities").path("setosa").asDouble())
                    .isGreaterThan(0.5);
        }
        assertThat(body.path("predictions").get(0))
                .isEqualTo(body.path("predictions").get(1));

        JsonNode inferred = api.postJson(
                        "/v2/models/" + name + "/infer",
                        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}")
                .json();
        assertThat(inferred.path("outputs").get(1).path("data").get(0).asString())
                .isEqualTo("setosa");
    }

    /** Eight concurrent registrations of one new name get versions 1 to 8, each once. */
    public static void concurrentRegistrationsGetConsecutiveVersions(ModelRegistry registry, Trained trained)
            throws Exception {
        String name = "concurrent-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ModelVersionRef>> refs = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                refs.add(pool.submit((Callable<ModelVersionRef>) () -> registry.register(trained.registration(name))));
            }
            List<Integer> versions = new ArrayList<>();
            for (Future<ModelVersionRef> ref : refs) {
                versions.add(ref.get().version());
            }
            assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.resolve(name, VersionSelector.LATEST).version()).isEqualTo(8);
    }
}
