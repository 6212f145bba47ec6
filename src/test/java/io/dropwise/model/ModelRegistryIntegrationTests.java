package io.dropwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.engine.ModelCodec;
import io.dropwise.prediction.ServingScenarios;
import io.dropwise.prediction.ServingTestBase;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.prediction.TrainedModels.Trained;
import io.dropwise.training.JobSucceeded;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The registry through its API and its endpoints: versions numbered per name (also under concurrent
 * registrations), the job-succeeded listener, listing and describing, version selectors, aliases and their errors.
 */
class ModelRegistryIntegrationTests extends ServingTestBase {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void eachRegistrationAddsTheNextVersionEvenWhenConcurrent() throws Exception {
        ServingScenarios.concurrentRegistrationsGetConsecutiveVersions(registry, TrainedModels.irisPlain(datasets));
    }

    @Test
    void aSucceededJobRegistersANewVersionInsideTheJobsTransaction() {
        String name = uniqueName("from-job");
        Trained trained = TrainedModels.irisDropout(datasets);
        JobSucceeded event = new JobSucceeded(
                "job-42",
                name,
                "iris",
                "{\"training\":{\"epochs\":40}}",
                trained.schema(),
                ModelCodec.encode(trained.model()),
                trained.bestEpoch(),
                trained.bestMetrics(),
                Instant.now());

        transactions.executeWithoutResult(status -> events.publishEvent(event));
        transactions.executeWithoutResult(status -> events.publishEvent(event));

        assertThat(registry.resolve(name, VersionSelector.LATEST).version()).isEqualTo(2);
        var view = registry.describeVersion(name, VersionSelector.number(1));
        assertThat(view.sourceJobId()).isEqualTo("job-42");
        assertThat(view.datasetId()).isEqualTo("iris");
        assertThat(view.bestEpoch()).isEqualTo(trained.bestEpoch());
    }

    @Test
    void aRolledBackJobTransactionRegistersNothing() {
        String name = uniqueName("rolled-back");
        Trained trained = TrainedModels.irisPlain(datasets);
        register(name, trained);
        transactions.executeWithoutResult(status -> {
            register(name, trained);
            status.setRollbackOnly();
        });
        assertThat(registry.resolve(name, VersionSelector.LATEST).version()).isEqualTo(1);
        assertThat(register(name, trained).version()).isEqualTo(2);
    }

    @Test
    void describesAVersionWithSchemaNormalizationMetricsAndSpec() throws Exception {
        String name = uniqueName("described");
        Trained trained = TrainedModels.irisDropout(datasets);
        register(name, trained);
        register(name, trained);
        setAlias(name, "prod", "{\"version\":1}", 200);

        for (String selector : List.of("1", "prod")) {
            JsonNode v = json(get("/models/" + name + "/versions/" + selector), 200);
            assertThat(v.path("version").asInt()).isEqualTo(1);
            assertThat(v.path("aliases").toString()).isEqualTo("[\"prod\"]");
            assertThat(v.path("task").asString()).isEqualTo("classification");
            assertThat(v.path("schema").path("features").get(0).path("name").asString())
                    .isEqualTo("sepal_length_cm");
            assertThat(v.path("schema").path("features").get(0).path("kind").asString())
                    .isEqualTo("numeric");
            assertThat(v.path("schema").path("classes").toString())
                    .isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
            assertThat(v.path("schema").path("inputWidth").asInt()).isEqualTo(4);
            JsonNode normalization = v.path("normalization");
            assertThat(normalization.path("method").asString()).isEqualTo("standardize");
            assertThat(normalization.path("inputs")).hasSize(4);
            float[] offsets = trained.model().inputOffsets();
            assertThat(exactFloat(normalization.path("inputs").get(2).path("offset")))
                    .isEqualTo(offsets[2]);
            assertThat(normalization.path("inputs").get(2).path("name").asString())
                    .isEqualTo("petal_length_cm");
            assertThat(v.path("spec").path("training").path("seed").asInt()).isEqualTo(7);
            assertThat(v.path("metrics").path("epoch").asInt()).isEqualTo(trained.bestEpoch());
            assertThat(v.path("metrics").has("validationAccuracy")).isTrue();
            assertThat(v.path("sizeBytes").asLong()).isEqualTo(ModelCodec.encode(trained.model()).length);
        }
        assertThat(json(get("/models/" + name + "/versions/latest"), 200)
                        .path("version")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void describesCategoricalFeaturesAndRegressionTargetScaling() throws Exception {
        String name = uniqueName("mixed");
        register(name, TrainedModels.mixedRegression());
        JsonNode v = json(get("/models/" + name + "/versions/1"), 200);
        assertThat(v.path("task").asString()).isEqualTo("regression");
        JsonNode color = v.path("schema").path("features").get(1);
        assertThat(color.path("kind").asString()).isEqualTo("categorical");
        assertThat(color.path("categories").toString()).isEqualTo("[\"red\",\"green\",\"blue\"]");
        assertThat(color.has("mean")).isFalse();
        assertThat(v.path("schema").path("inputs").toString())
                .isEqualTo("[\"size\",\"color=red\",\"color=green\",\"color=blue\"]");
        assertThat(v.path("normalization").path("target").path("std").asDouble())
                .isGreaterThan(1);
    }

    @Test
    void listsAndDescribesModelsWithTheirVersionsAndAliases() throws Exception {
        String name = uniqueName("listed");
        Trained trained = TrainedModels.irisPlain(datasets);
        register(name, trained);
        register(name, trained);
        register(name, trained);
        setAlias(name, "champion", "{\"version\":2}", 200);
        setAlias(name, "challenger", "{\"version\":3}", 200);

        JsonNode model = json(get("/models/" + name), 200);
        assertThat(model.path("latestVersion").asInt()).isEqualTo(3);
        assertThat(model.path("aliases").path("champion").asInt()).isEqualTo(2);
        assertThat(model.path("versions")).hasSize(3);
        assertThat(model.path("versions").get(0).path("version").asInt()).isEqualTo(3);
        assertThat(model.path("versions").get(1).path("aliases").toString()).isEqualTo("[\"champion\"]");

        JsonNode page = json(get("/models?size=100"), 200);
        JsonNode entry = null;
        for (JsonNode item : page.path("items")) {
            if (item.path("name").asString().equals(name)) {
                entry = item;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.path("latestVersion").asInt()).isEqualTo(3);
        assertThat(entry.path("aliases").path("challenger").asInt()).isEqualTo(3);
        assertThat(page.path("totalItems").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(json(get("/models?size=1&page=0"), 200).path("items")).hasSize(1);
    }

    @Test
    void aliasesCanBeMovedAndDeleted() throws Exception {
        String name = uniqueName("aliases");
        Trained trained = TrainedModels.irisPlain(datasets);
        register(name, trained);
        register(name, trained);

        JsonNode set = setAlias(name, "champion", "{\"version\":1}", 200);
        assertThat(set.path("version").asInt()).isEqualTo(1);
        assertThat(registry.resolve(name, VersionSelector.parse("champion", name))
                        .version())
                .isEqualTo(1);
        setAlias(name, "champion", "{\"version\":2}", 200);
        assertThat(registry.resolve(name, VersionSelector.parse("champion", name))
                        .version())
                .isEqualTo(2);

        Response deleted = delete("/models/" + name + "/aliases/champion");
        assertThat(deleted.status()).isEqualTo(204);
        problem(get("/models/" + name + "/versions/champion"), 404, "model-version-not-found");
        problem(delete("/models/" + name + "/aliases/champion"), 404, "model-alias-not-found");
    }

    @Test
    void aliasMistakesAreProblems() throws Exception {
        String name = uniqueName("alias-errors");
        register(name, TrainedModels.irisPlain(datasets));
        problem(putResult(name, "champion", "{\"version\":9}"), 404, "model-version-not-found");
        problem(putResult("no-such-model", "champion", "{\"version\":1}"), 404, "model-not-found");
        problem(putResult(name, "latest", "{\"version\":1}"), 400, "validation");
        problem(putResult(name, "9lives", "{\"version\":1}"), 400, "validation");
        problem(putResult(name, "champion", "{}"), 400, "validation");
        problem(putResult(name, "champion", "{\"version\":\"two\"}"), 400, "validation");
        problem(get("/models/no-such-model"), 404, "model-not-found");
        problem(get("/models/" + name + "/versions/5"), 404, "model-version-not-found");
        problem(get("/models?size=1000"), 400, "validation");
    }

    private JsonNode setAlias(String name, String alias, String body, int status) throws Exception {
        Response result = putResult(name, alias, body);
        assertThat(result.status()).as(result.body()).isEqualTo(status);
        return read(result);
    }

    private Response putResult(String name, String alias, String body) throws Exception {
        return putJson("/models/" + name + "/aliases/" + alias, body);
    }

    private JsonNode json(Response result, int status) {
        assertThat(result.status()).as(result.body()).isEqualTo(status);
        return read(result);
    }

    private static void problem(Response result, int status, String type) throws Exception {
        String body = result.body();
        assertThat(result.status()).as(body).isEqualTo(status);
        assertThat(result.contentType()).as(body).startsWith("application/problem+json");
        assertThat(read(result).path("type").asString()).as(body).isEqualTo(PROBLEMS + type);
    }
}
