package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.config.LimitsProperties;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.model.ModelVersionRef;
import io.dropwise.prediction.TrainedModels.Trained;
import io.dropwise.support.Api;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /models/{name}/predict} against models trained by the real engine: equal to the engine's own inference,
 * deterministic, positional = named, categorical by original value, MC dropout statistics, alias moves and new
 * versions seen at once, the cache decoding once, and every client error as problem+json.
 */
class PredictionIntegrationTests extends ServingTestBase {

    static final float[][] IRIS_ROWS = {
        {5.1f, 3.5f, 1.4f, 0.2f}, {7.0f, 3.2f, 4.7f, 1.4f}, {6.3f, 3.3f, 6.0f, 2.5f}, {5.9f, 3.0f, 5.1f, 1.8f}
    };

    @Autowired
    PredictionService predictions;

    @Autowired
    ModelLookup models;

    @Autowired
    LimitsProperties limits;

    static String positional(float[][] rows) {
        StringJoiner instances = new StringJoiner(",", "[", "]");
        for (float[] row : rows) {
            StringJoiner values = new StringJoiner(",", "[", "]");
            for (float v : row) {
                values.add(Float.toString(v));
            }
            instances.add(values.toString());
        }
        return instances.toString();
    }

    /** Objects by feature name, keys in reverse order to show that order does not matter. */
    static String named(DatasetSchema schema, float[][] rows) {
        StringJoiner instances = new StringJoiner(",", "[", "]");
        List<String> names = new ArrayList<>(schema.featureNames());
        for (float[] row : rows) {
            StringJoiner values = new StringJoiner(",", "{", "}");
            for (int j = names.size() - 1; j >= 0; j--) {
                values.add("\"" + names.get(j) + "\":" + row[j]);
            }
            instances.add(values.toString());
        }
        return instances.toString();
    }

    private float[][] probabilities(JsonNode response, List<String> classes) {
        JsonNode predictions = response.path("predictions");
        float[][] out = new float[predictions.size()][classes.size()];
        for (int r = 0; r < predictions.size(); r++) {
            for (int k = 0; k < classes.size(); k++) {
                out[r][k] = exactFloat(predictions.get(r).path("probabilities").path(classes.get(k)));
            }
        }
        return out;
    }

    @Test
    void predictionEqualsTheEnginesOwnInferenceOnTheSameWeights() throws Exception {
        Trained trained = TrainedModels.irisDropout(datasets);
        String name = uniqueName("iris");
        register(name, trained);

        Response result = postJson("/models/" + name + "/predict", "{\"instances\":" + positional(IRIS_ROWS) + "}");

        assertThat(result.status()).isEqualTo(200);
        JsonNode body = read(result);
        assertThat(body.path("model").path("name").asString()).isEqualTo(name);
        assertThat(body.path("model").path("version").asInt()).isEqualTo(1);
        List<String> classes = trained.schema().classes();
        float[][] expected = trained.model().predict(IRIS_ROWS);
        float[][] actual = probabilities(body, classes);
        for (int r = 0; r < IRIS_ROWS.length; r++) {
            assertThat(actual[r]).containsExactly(expected[r]);
            int best = 0;
            for (int k = 1; k < classes.size(); k++) {
                best = expected[r][k] > expected[r][best] ? k : best;
            }
            assertThat(body.path("predictions").get(r).path("label").asString()).isEqualTo(classes.get(best));
            assertThat(body.path("predictions").get(r).has("uncertainty")).isFalse();
        }
        assertThat(body.path("predictions").get(0).path("label").asString()).isEqualTo("setosa");
    }

    @Test
    void repeatedCallsAreBitIdenticalAndNamedInstancesAgreeWithPositionalOnes() throws Exception {
        Trained trained = TrainedModels.irisDropout(datasets);
        String name = uniqueName("iris");
        register(name, trained);
        String path = "/models/" + name + "/predict";

        String first =
                postJson(path, "{\"instances\":" + positional(IRIS_ROWS) + "}").body();
        for (int i = 0; i < 5; i++) {
            assertThat(postJson(path, "{\"instances\":" + positional(IRIS_ROWS) + "}")
                            .body())
                    .isEqualTo(first);
        }
        String named = postJson(path, "{\"instances\":" + named(trained.schema(), IRIS_ROWS) + "}")
                .body();
        assertThat(named).isEqualTo(first);
        // numbers as strings are read as numbers too
        String strings = postJson(path, "{\"instances\":[[\"5.1\",\"3.5\",\"1.4\",\"0.2\"]]}")
                .body();
        String one = postJson(path, "{\"instances\":[[5.1,3.5,1.4,0.2]]}").body();
        assertThat(strings).isEqualTo(one);
    }

    @Test
    void categoricalFeaturesAreGivenByTheirOriginalValueAndRegressionReturnsTheValue() throws Exception {
        Trained trained = TrainedModels.mixedRegression();
        String name = uniqueName("mixed");
        register(name, trained);

        Response result = postJson(
                "/models/" + name + "/predict",
                "{\"instances\":[[4.0,\"green\"],{\"color\":\"blue\",\"size\":4.0},[7.5,\"red\"]]}");

        assertThat(result.status()).isEqualTo(200);
        float[][] expected = trained.model().predict(new float[][] {{4, 0, 1, 0}, {4, 0, 0, 1}, {7.5f, 1, 0, 0}});
        JsonNode predictions = read(result).path("predictions");
        for (int r = 0; r < 3; r++) {
            assertThat(exactFloat(predictions.get(r).path("value"))).isEqualTo(expected[r][0]);
            assertThat(predictions.get(r).has("label")).isFalse();
        }
        // the model learned the color offsets roughly: green (+3) above blue (-2) at the same size
        assertThat(expected[0][0] - expected[1][0]).isBetween(3f, 7f);

        Response unknownColor = postJson("/models/" + name + "/predict", "{\"instances\":[[4.0,\"purple\"]]}");
        assertThat(unknownColor.status()).isEqualTo(400);
        assertThat(read(unknownColor).path("detail").asString())
                .contains("color")
                .contains("[red, green, blue]");
    }

    @Test
    void monteCarloDropoutIsReproducibleWithASeedAndHasSpreadOnlyWithDropout() throws Exception {
        String dropoutName = uniqueName("iris-mc");
        String plainName = uniqueName("iris-plain");
        Trained dropout = TrainedModels.irisDropout(datasets);
        register(dropoutName, dropout);
        register(plainName, TrainedModels.irisPlain(datasets));
        String body = "{\"instances\":" + positional(IRIS_ROWS) + ",\"mcDropout\":{\"samples\":30,\"seed\":5}}";

        String first = postJson("/models/" + dropoutName + "/predict", body).body();
        String again = postJson("/models/" + dropoutName + "/predict", body).body();
        assertThat(again).isEqualTo(first);

        JsonNode predictions = EXACT.readTree(first).path("predictions");
        List<String> classes = dropout.schema().classes();
        var engine = dropout.model().predictMonteCarlo(IRIS_ROWS, 30, 5);
        double totalStd = 0;
        for (int r = 0; r < IRIS_ROWS.length; r++) {
            JsonNode u = predictions.get(r).path("uncertainty");
            assertThat(u.path("samples").asInt()).isEqualTo(30);
            assertThat(u.path("seed").asLong()).isEqualTo(5);
            float[] mean = new float[classes.size()];
            for (int k = 0; k < classes.size(); k++) {
                mean[k] = exactFloat(u.path("mean").path(classes.get(k)));
                assertThat(mean[k]).isEqualTo(engine.mean()[r][k]);
                assertThat(exactFloat(u.path("std").path(classes.get(k)))).isEqualTo(engine.std()[r][k]);
                totalStd += engine.std()[r][k];
            }
            assertThat(u.path("entropy").asDouble())
                    .isCloseTo(PredictionService.entropy(mean), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(u.path("entropy").asDouble()).isBetween(0.0, Math.log(classes.size()) + 1e-9);
            // the deterministic answer is unchanged by asking for MC
            assertThat(exactFloat(predictions.get(r).path("probabilities").path(classes.get(0))))
                    .isEqualTo(dropout.model().predict(IRIS_ROWS)[r][0]);
        }
        assertThat(totalStd).isGreaterThan(1e-3);

        String otherSeed = postJson("/models/" + dropoutName + "/predict", body.replace("\"seed\":5", "\"seed\":6"))
                .body();
        assertThat(otherSeed).isNotEqualTo(first);

        JsonNode plain =
                read(postJson("/models/" + plainName + "/predict", body)).path("predictions");
        for (JsonNode p : plain) {
            for (String c : classes) {
                assertThat(p.path("uncertainty").path("std").path(c).floatValue())
                        .isZero();
            }
        }

        // without a seed: the documented default seed, so still reproducible
        String defaults = "{\"instances\":[[5.9,3.0,5.1,1.8]],\"mcDropout\":{}}";
        JsonNode d1 = read(postJson("/models/" + dropoutName + "/predict", defaults));
        JsonNode d2 = read(postJson("/models/" + dropoutName + "/predict", defaults));
        assertThat(d1).isEqualTo(d2);
        assertThat(d1.path("predictions")
                        .get(0)
                        .path("uncertainty")
                        .path("samples")
                        .asInt())
                .isEqualTo(50);
        assertThat(d1.path("predictions")
                        .get(0)
                        .path("uncertainty")
                        .path("seed")
                        .asLong())
                .isZero();
    }

    @Test
    void monteCarloOnRegressionGivesTheStdOfTheValue() throws Exception {
        Trained trained = TrainedModels.mixedRegression();
        String name = uniqueName("mixed-mc");
        register(name, trained);

        JsonNode u = read(postJson(
                        "/models/" + name + "/predict",
                        "{\"instances\":[[4.0,\"green\"]],\"mcDropout\":{\"samples\":40,\"seed\":1}}"))
                .path("predictions")
                .get(0)
                .path("uncertainty");

        var engine = trained.model().predictMonteCarlo(new float[][] {{4, 0, 1, 0}}, 40, 1);
        assertThat(exactFloat(u.path("mean"))).isEqualTo(engine.mean()[0][0]);
        assertThat(exactFloat(u.path("std"))).isEqualTo(engine.std()[0][0]).isGreaterThan(0f);
        assertThat(u.has("entropy")).isFalse();
    }

    @Test
    void aliasMovesAndNewVersionsAreSeenAtOnce() throws Exception {
        String name = uniqueName("iris-alias");
        register(name, TrainedModels.irisPlain(datasets));
        register(name, TrainedModels.irisDropout(datasets));
        String one = "{\"instances\":[[5.1,3.5,1.4,0.2]]}";
        assertThat(versionAnswering("/models/" + name + "/predict", one)).isEqualTo(2);

        alias(name, "champion", 1);
        assertThat(versionAnswering("/models/" + name + "/versions/champion/predict", one))
                .isEqualTo(1);
        alias(name, "champion", 2);
        assertThat(versionAnswering("/models/" + name + "/versions/champion/predict", one))
                .isEqualTo(2);
        assertThat(versionAnswering("/models/" + name + "/versions/1/predict", one))
                .isEqualTo(1);
        assertThat(versionAnswering("/models/" + name + "/versions/latest/predict", one))
                .isEqualTo(2);

        ModelVersionRef third = register(name, TrainedModels.irisPlain(datasets));
        assertThat(third.version()).isEqualTo(3);
        assertThat(versionAnswering("/models/" + name + "/predict", one)).isEqualTo(3);

        delete("/models/" + name + "/aliases/champion");
        Response gone = postJson("/models/" + name + "/versions/champion/predict", one);
        assertProblem(gone, 404, "model-version-not-found");
    }

    @Test
    void theCacheDecodesAVersionOnceForManyPredictions() throws Exception {
        String name = uniqueName("iris-cache");
        register(name, TrainedModels.irisDropout(datasets));
        long before = models.cache().loads();
        for (int i = 0; i < 20; i++) {
            assertThat(postJson("/models/" + name + "/predict", "{\"instances\":[[5.1,3.5,1.4,0.2]]}")
                            .status())
                    .isEqualTo(200);
        }
        assertThat(models.cache().loads() - before).isEqualTo(1);
        assertThat(models.loaded(new ModelVersionRef(name, 1))).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid-instances | wrong feature count | {"instances":[[5.1,3.5,1.4]]}
            invalid-instances | NaN as a string | {"instances":[[5.1,"NaN",1.4,0.2]]}
            invalid-instances | Infinity as a string | {"instances":[[5.1,"Infinity",1.4,0.2]]}
            invalid-instances | 1e309 | {"instances":[[5.1,1e309,1.4,0.2]]}
            invalid-instances | a text value | {"instances":[[5.1,"wide",1.4,0.2]]}
            invalid-instances | an instance that is a number | {"instances":[5.1]}
            invalid-instances | empty instances | {"instances":[]}
            invalid-instances | no instances | {}
            malformed-request | bare NaN token | {"instances":[[5.1,NaN,1.4,0.2]]}
            validation | unknown request field | {"instances":[[5.1,3.5,1.4,0.2]],"foo":1}
            validation | MC samples over the limit | {"instances":[[5.1,3.5,1.4,0.2]],"mcDropout":{"samples":1001}}
            validation | MC samples zero | {"instances":[[5.1,3.5,1.4,0.2]],"mcDropout":{"samples":0}}
            """)
    void clientMistakesAre400ProblemJson(String type, String what, String body) throws Exception {
        String name = uniqueName("iris-errors");
        register(name, TrainedModels.irisPlain(datasets));
        assertProblem(postJson("/models/" + name + "/predict", body), 400, type);
    }

    @Test
    void problemsSayWhatIsExpected() throws Exception {
        String name = uniqueName("iris-errors");
        register(name, TrainedModels.irisPlain(datasets));
        Response countResponse = postJson("/models/" + name + "/predict", "{\"instances\":[[5.1,3.5,1.4,0.2],[1,2]]}");
        assertProblem(countResponse, 400, "invalid-instances");
        JsonNode count = read(countResponse);
        assertThat(count.path("detail").asString()).contains("instances[1]").contains("expected 4 values");
        assertThat(count.path("errors").get(0).path("field").asString()).isEqualTo("instances[1]");
        assertThat(count.path("expected").toString()).contains("sepal_length_cm", "petal_width_cm");

        Response namesResponse = postJson(
                "/models/" + name + "/predict",
                "{\"instances\":[{\"sepal_length_cm\":5.1,\"sepal_width_cm\":3.5,\"petal_length_cm\":1.4,"
                        + "\"petal\":0.2}]}");
        assertProblem(namesResponse, 400, "invalid-instances");
        JsonNode names = read(namesResponse);
        assertThat(names.path("detail").asString())
                .contains("unknown features [petal]")
                .contains("missing features [petal_width_cm]");
    }

    @Test
    void aBodyThatIsNotJsonIs415AndTheOpenApiDocumentDescribesTheEndpoint() throws Exception {
        String name = uniqueName("iris-415");
        register(name, TrainedModels.irisPlain(datasets));
        Api.Response text = api.send(
                "POST", "/models/" + name + "/predict", "text/plain", "{\"instances\":[[5.1,3.5,1.4,0.2]]}", Map.of());
        assertThat(text.status()).as(text.body()).isEqualTo(415);
        assertThat(text.contentType()).startsWith("application/problem+json");
        assertThat(text.json().path("type").asString()).isEqualTo(PROBLEMS + "unsupported-media-type");
        Api.Response latin1 = api.send(
                "POST",
                "/models/" + name + "/predict",
                "application/json; charset=ISO-8859-1",
                "{\"instances\":[[5.1,3.5,1.4,0.2]]}",
                Map.of());
        assertThat(latin1.status()).as(latin1.body()).isEqualTo(200);

        JsonNode docs = api.get("/v3/api-docs").json().path("paths");
        for (String path : List.of("/models/{name}/predict", "/models/{name}/versions/{version}/predict")) {
            JsonNode post = docs.path(path).path("post");
            assertThat(post.path("requestBody").path("content").toString())
                    .as(path)
                    .contains("PredictRequest");
            assertThat(post.path("parameters").toString())
                    .as(path)
                    .contains("\"name\"")
                    .doesNotContain("call");
        }
    }

    @Test
    void unknownModelVersionOrAliasIs404() throws Exception {
        String name = uniqueName("iris-404");
        register(name, TrainedModels.irisPlain(datasets));
        String one = "{\"instances\":[[5.1,3.5,1.4,0.2]]}";
        assertProblem(postJson("/models/no-such-model/predict", one), 404, "model-not-found");
        assertProblem(postJson("/models/" + name + "/versions/7/predict", one), 404, "model-version-not-found");
        assertProblem(postJson("/models/" + name + "/versions/champion/predict", one), 404, "model-version-not-found");
    }

    @Test
    void tooManyInstancesIs413() throws Exception {
        String name = uniqueName("iris-413");
        register(name, TrainedModels.irisPlain(datasets));
        String rows = String.join(",", Collections.nCopies(limits.maxInstancesPerPredict() + 1, "[5.1,3.5,1.4,0.2]"));
        Response result = postJson("/models/" + name + "/predict", "{\"instances\":[" + rows + "]}");
        assertProblem(result, 413, "too-many-instances");
        assertThat(read(result).path("detail").asString()).contains("max-instances-per-predict");
    }

    private int versionAnswering(String path, String body) throws Exception {
        Response result = postJson(path, body);
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        return read(result).path("model").path("version").asInt();
    }

    private void alias(String name, String alias, int version) throws Exception {
        Response result = putJson("/models/" + name + "/aliases/" + alias, "{\"version\":" + version + "}");
        assertThat(result.status()).isEqualTo(200);
    }

    static void assertProblem(Response result, int status, String type) throws Exception {
        String body = result.body();
        assertThat(result.status()).as(body).isEqualTo(status);
        assertThat(result.contentType()).as(body).startsWith("application/problem+json");
        assertThat(read(result).path("type").asString()).as(body).isEqualTo(PROBLEMS + type);
        assertThat(read(result).path("detail").asString()).as(body).isNotBlank();
    }
}
