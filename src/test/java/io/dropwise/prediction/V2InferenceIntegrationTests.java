package io.dropwise.prediction;

import static io.dropwise.prediction.PredictionIntegrationTests.IRIS_ROWS;
import static io.dropwise.prediction.PredictionIntegrationTests.positional;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.prediction.TrainedModels.Trained;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The Open Inference Protocol (KServe V2) subset: server and model metadata, health, infer round trips equal to
 * {@code /predict}, MC dropout through {@code parameters}, output selection, and V2-style errors.
 */
class V2InferenceIntegrationTests extends ServingTestBase {

    /** One valid iris row as a V2 input tensor; {@code @ONE} in the error table stands for it. */
    private static final String ONE_ROW =
            "{\"name\":\"input\",\"shape\":[1,4]," + "\"datatype\":\"FP32\",\"data\":[1,2,3,4]}";

    private static final String IRIS_FLAT = "[5.1,3.5,1.4,0.2,7.0,3.2,4.7,1.4,6.3,3.3,6.0,2.5,5.9,3.0,5.1,1.8]";

    @Test
    void serverMetadataAndHealth() throws Exception {
        JsonNode server = json("/v2");
        assertThat(server.path("name").asString()).isEqualTo("dropwise");
        assertThat(server.path("version").asString()).isNotBlank();
        assertThat(server.path("extensions").isArray()).isTrue();
        assertThat(json("/v2/health/live").path("live").asBoolean()).isTrue();
        assertThat(json("/v2/health/ready").path("ready").asBoolean()).isTrue();
    }

    @Test
    void modelMetadataAndReadiness() throws Exception {
        String name = uniqueName("v2-meta");
        register(name, TrainedModels.irisPlain(datasets));
        register(name, TrainedModels.irisDropout(datasets));

        for (String path : List.of("/v2/models/" + name, "/v2/models/" + name + "/versions/1")) {
            JsonNode meta = json(path);
            assertThat(meta.path("name").asString()).isEqualTo(name);
            assertThat(meta.path("versions").toString()).isEqualTo("[\"2\",\"1\"]");
            assertThat(meta.path("platform").asString()).isEqualTo("dropwise_mlp");
            assertThat(meta.path("inputs").toString())
                    .isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,4]}]");
            assertThat(meta.path("outputs").get(0).toString())
                    .isEqualTo("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,3]}");
            assertThat(meta.path("outputs").get(1).path("datatype").asString()).isEqualTo("BYTES");
        }
        JsonNode ready = json("/v2/models/" + name + "/versions/1/ready");
        assertThat(ready.path("ready").asBoolean()).isTrue();
        assertThat(ready.path("version").asString()).isEqualTo("1");
        assertThat(json("/v2/models/" + name + "/ready").path("version").asString())
                .isEqualTo("2");
    }

    @Test
    void inferGivesTheSameProbabilitiesAsPredict() throws Exception {
        Trained trained = TrainedModels.irisDropout(datasets);
        String name = uniqueName("v2-infer");
        register(name, trained);
        JsonNode predicted = read(postJson(
                        "/models/" + name + "/predict", "{\"instances\":" + positional(IRIS_ROWS) + "}"))
                .path("predictions");

        String flat = "{\"id\":\"req-1\",\"inputs\":[{\"name\":\"input\",\"shape\":[4,4],\"datatype\":\"FP32\","
                + "\"data\":" + IRIS_FLAT + "}]}";
        String nested = "{\"inputs\":[{\"name\":\"input\",\"shape\":[4,4],\"datatype\":\"FP32\"," + "\"data\":"
                + positional(IRIS_ROWS) + "}]}";
        JsonNode response = ok(postJson("/v2/models/" + name + "/infer", flat));
        JsonNode fromNested = ok(postJson("/v2/models/" + name + "/versions/latest/infer", nested));

        assertThat(response.path("model_name").asString()).isEqualTo(name);
        assertThat(response.path("model_version").asString()).isEqualTo("1");
        assertThat(response.path("id").asString()).isEqualTo("req-1");
        assertThat(fromNested.path("outputs")).isEqualTo(response.path("outputs"));
        JsonNode probabilities = output(response, "probabilities");
        assertThat(probabilities.path("datatype").asString()).isEqualTo("FP32");
        assertThat(probabilities.path("shape").toString()).isEqualTo("[4,3]");
        List<String> classes = trained.schema().classes();
        for (int r = 0; r < 4; r++) {
            for (int k = 0; k < 3; k++) {
                assertThat(exactFloat(probabilities.path("data").get(r * 3 + k)))
                        .isEqualTo(exactFloat(
                                predicted.get(r).path("probabilities").path(classes.get(k))));
            }
            assertThat(output(response, "label").path("data").get(r).asString())
                    .isEqualTo(predicted.get(r).path("label").asString());
        }
        assertThat(output(response, "label").path("shape").toString()).isEqualTo("[4]");
    }

    @Test
    void monteCarloThroughParametersAndOutputSelection() throws Exception {
        Trained trained = TrainedModels.irisDropout(datasets);
        String name = uniqueName("v2-mc");
        register(name, trained);
        String body = "{\"parameters\":{\"mc_samples\":25,\"mc_seed\":3},\"inputs\":[{\"name\":\"input\","
                + "\"shape\":[4,4],\"datatype\":\"FP32\",\"data\":" + IRIS_FLAT + "}]}";

        JsonNode first = ok(postJson("/v2/models/" + name + "/infer", body));
        assertThat(ok(postJson("/v2/models/" + name + "/infer", body))).isEqualTo(first);
        var engine = trained.model().predictMonteCarlo(IRIS_ROWS, 25, 3);
        JsonNode std = output(first, "std");
        assertThat(std.path("shape").toString()).isEqualTo("[4,3]");
        for (int r = 0; r < 4; r++) {
            for (int k = 0; k < 3; k++) {
                assertThat(exactFloat(std.path("data").get(r * 3 + k))).isEqualTo(engine.std()[r][k]);
                assertThat(exactFloat(output(first, "mean").path("data").get(r * 3 + k)))
                        .isEqualTo(engine.mean()[r][k]);
            }
        }
        assertThat(output(first, "entropy").path("shape").toString()).isEqualTo("[4]");
        assertThat(first.path("parameters").path("mc_samples").asInt()).isEqualTo(25);

        JsonNode onlyLabel = ok(postJson(
                "/v2/models/" + name + "/infer",
                body.replace("\"inputs\"", "\"outputs\":[{\"name\":\"label\"}],\"inputs\"")));
        assertThat(onlyLabel.path("outputs")).hasSize(1);
        assertThat(onlyLabel.path("outputs").get(0).path("name").asString()).isEqualTo("label");
    }

    @Test
    void regressionTakesTheEncodedInputsAndReturnsValue() throws Exception {
        Trained trained = TrainedModels.mixedRegression();
        String name = uniqueName("v2-regression");
        register(name, trained);
        // size 4.0, color green: one-hot (red, green, blue) = (0, 1, 0)
        JsonNode response = ok(postJson(
                "/v2/models/" + name + "/infer",
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP64\",\"data\":[4,0,1,0]}]}"));
        JsonNode value = output(response, "value");
        assertThat(value.path("shape").toString()).isEqualTo("[1,1]");
        assertThat(exactFloat(value.path("data").get(0)))
                .isEqualTo(trained.model().predict(new float[][] {{4, 0, 1, 0}})[0][0]);
        assertThat(json("/v2/models/" + name).path("outputs").toString())
                .isEqualTo("[{\"name\":\"value\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong width | {"inputs":[{"name":"input","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}
            one-dimensional shape | {"inputs":[{"name":"input","shape":[4],"datatype":"FP32","data":[1,2,3,4]}]}
            too few values | {"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":[1,2,3,4]}]}
            too many values | {"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4,5]}]}
            wrong input name | {"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}
            BYTES input | {"inputs":[{"name":"input","shape":[1,4],"datatype":"BYTES","data":[1,2,3,4]}]}
            a string value | {"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,"2",3,4]}]}
            1e309 | {"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,1e309,3,4]}]}
            two inputs | {"inputs":[@ONE,@ONE]}
            no inputs | {"inputs":[]}
            unknown output | {"inputs":[@ONE],"outputs":[{"name":"std"}]}
            mc_samples too large | {"parameters":{"mc_samples":100000},"inputs":[@ONE]}
            mc_samples not a number | {"parameters":{"mc_samples":"many"},"inputs":[@ONE]}
            zero rows | {"inputs":[{"name":"input","shape":[0,4],"datatype":"FP32","data":[]}]}
            not JSON | {"inputs":[
            """)
    void badRequestsAre400ProblemsWithAnErrorMember(String what, String body) throws Exception {
        String name = uniqueName("v2-errors");
        register(name, TrainedModels.irisPlain(datasets));
        Response result = postJson("/v2/models/" + name + "/infer", body.replace("@ONE", ONE_ROW));
        assertV2Problem(result, 400);
    }

    @Test
    void unknownModelsAndVersionsAre404WithAnErrorMember() throws Exception {
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}";
        assertV2Problem(postJson("/v2/models/no-such-model/infer", body), 404);
        assertV2Problem(get("/v2/models/no-such-model"), 404);
        assertV2Problem(get("/v2/models/no-such-model/ready"), 404);
        String name = uniqueName("v2-404");
        register(name, TrainedModels.irisPlain(datasets));
        assertV2Problem(postJson("/v2/models/" + name + "/versions/3/infer", body), 404);
    }

    @Test
    void tooManyRowsIs413() throws Exception {
        String name = uniqueName("v2-413");
        register(name, TrainedModels.irisPlain(datasets));
        assertV2Problem(
                postJson(
                        "/v2/models/" + name + "/infer",
                        "{\"inputs\":[{\"name\":\"input\",\"shape\":[100000,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}"),
                413);
    }

    private void assertV2Problem(Response result, int status) throws Exception {
        String body = result.body();
        assertThat(result.status()).as(body).isEqualTo(status);
        assertThat(result.contentType()).as(body).startsWith("application/problem+json");
        JsonNode problem = read(result);
        assertThat(problem.path("type").asString()).as(body).startsWith(PROBLEMS);
        assertThat(problem.path("error").asString())
                .as(body)
                .isNotBlank()
                .isEqualTo(problem.path("detail").asString());
    }

    private JsonNode json(String path) throws Exception {
        return ok(get(path));
    }

    private static JsonNode ok(Response result) throws Exception {
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        return read(result);
    }

    private static JsonNode output(JsonNode response, String name) {
        for (JsonNode output : response.path("outputs")) {
            if (output.path("name").asString().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }
}
