package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What one prediction may cost (issue 10, denial of service): the work budget on both APIs, MC dropout stopped
 * when its client disconnects, and V2 inputs and parameters that used to be accepted silently.
 */
class PredictionLimitsIntegrationTests extends ServingTestBase {

    private static final String ROW = "[5.1,3.5,1.4,0.2]";

    @Autowired
    MeterRegistry meters;

    @Test
    void aPredictionOverTheWorkBudgetIs413NamingTheLimitOnBothApis() throws Exception {
        String name = uniqueName("wide-budget");
        register(name, TrainedModels.irisWide(datasets));
        String rows = String.join(",", Collections.nCopies(1024, ROW));

        Response predict = postJson(
                "/models/" + name + "/predict", "{\"instances\":[" + rows + "],\"mcDropout\":{\"samples\":1000}}");
        PredictionIntegrationTests.assertProblem(predict, 413, "prediction-too-expensive");
        JsonNode problem = read(predict);
        assertThat(problem.path("detail").asString())
                .contains("dropwise.prediction.max-work")
                .contains("1024 instances × 1001 passes × 266755 parameters")
                .contains("MC samples");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("mcDropout.samples");

        String flat = String.join(",", Collections.nCopies(1024, "5.1,3.5,1.4,0.2"));
        Response infer = postJson(
                "/v2/models/" + name + "/infer",
                "{\"parameters\":{\"mc_samples\":1000},"
                        + "\"inputs\":[{\"name\":\"input\",\"shape\":[1024,4],\"datatype\":\"FP32\",\"data\":["
                        + flat + "]}]}");
        PredictionIntegrationTests.assertProblem(infer, 413, "prediction-too-expensive");
        assertThat(read(infer).path("error").asString()).contains("dropwise.prediction.max-work");

        // the same model within the budget answers
        assertThat(postJson(
                                "/models/" + name + "/predict",
                                "{\"instances\":[" + ROW + "],\"mcDropout\":{\"samples\":10}}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aMonteCarloPredictionStopsWhenItsClientDisconnects() throws Exception {
        String name = uniqueName("wide-gone");
        register(name, TrainedModels.irisWide(datasets));
        // 36 rows × 1001 passes × 266,755 parameters: just under the default budget, seconds of work
        String body = "{\"instances\":[" + String.join(",", Collections.nCopies(36, ROW))
                + "],\"mcDropout\":{\"samples\":1000}}";
        double goneBefore = monteCarlo("client-gone");
        double completedBefore = monteCarlo("completed");
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /models/" + name + "/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                            + "application/json\r\nContent-Length: " + payload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (monteCarlo("client-gone") == goneBefore
                && monteCarlo("completed") == completedBefore
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(monteCarlo("completed"))
                .as("the abandoned request ran to the end")
                .isEqualTo(completedBefore);
        assertThat(monteCarlo("client-gone")).isEqualTo(goneBefore + 1);
    }

    @Test
    void v2RefusesSeedsThatDoNotFitALongAsPredictDoes() throws Exception {
        String name = uniqueName("v2-seed");
        register(name, TrainedModels.irisDropout(datasets));
        String input = "\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":" + ROW + "}]";
        for (String seed : new String[] {"100000000000000000000000", "1e23", "9223372036854775808", "2.5"}) {
            Response v2 = postJson(
                    "/v2/models/" + name + "/infer",
                    "{\"parameters\":{\"mc_samples\":5,\"mc_seed\":" + seed + "}," + input + "}");
            assertV2Problem(v2, "validation");
            assertThat(read(v2).path("error").asString()).as(seed).contains("parameters.mc_seed");
            Response predict = postJson(
                    "/models/" + name + "/predict",
                    "{\"instances\":[" + ROW + "],\"mcDropout\":{\"samples\":5,\"seed\":" + seed + "}}");
            assertThat(predict.status()).as(seed + ": " + predict.body()).isEqualTo(400);
        }
        Response samples =
                postJson("/v2/models/" + name + "/infer", "{\"parameters\":{\"mc_samples\":4294967297}," + input + "}");
        assertV2Problem(samples, "validation");
        Response fine = postJson(
                "/v2/models/" + name + "/infer",
                "{\"parameters\":{\"mc_samples\":5,\"mc_seed\":9223372036854775807}," + input + "}");
        assertThat(fine.status()).as(fine.body()).isEqualTo(200);
    }

    @Test
    void v2RefusesValuesOutsideTheirDatatypeAndRaggedNesting() throws Exception {
        String name = uniqueName("v2-tensors");
        register(name, TrainedModels.irisPlain(datasets));
        String[][] bad = {
            {"INT8", "[2,4]", "[1,2,3,4,5,6,7,300]"},
            {"INT8", "[1,4]", "[1,2,3,-129]"},
            {"UINT8", "[1,4]", "[1,2,3,-1]"},
            {"INT16", "[1,4]", "[1,2,3,40000]"},
            {"INT32", "[1,4]", "[1,2,3,1.5]"},
            {"FP16", "[1,4]", "[1,2,3,70000]"},
            {"FP32", "[2,4]", "[[1,2,3],[4,5,6,7,8]]"},
            {"FP32", "[2,4]", "[[1,2,3,4,5,6],[7,8]]"},
            {"FP32", "[2,4]", "[[1,2,3,4],5,6,7,8]"},
            {"FP32", "[2,4]", "[1,2,3,4,[5,6,7,8]]"},
            {"FP32", "[1,4]", "[[[1,2,3,4]]]"},
            {"FP32", "[2,4]", "[[1,2,3,4]]"},
        };
        for (String[] c : bad) {
            Response result = postJson(
                    "/v2/models/" + name + "/infer",
                    "{\"inputs\":[{\"name\":\"input\",\"shape\":" + c[1] + ",\"datatype\":\"" + c[0] + "\",\"data\":"
                            + c[2] + "}]}");
            assertThat(result.status())
                    .as(String.join(" ", c) + ": " + result.body())
                    .isEqualTo(400);
            assertV2Problem(result, "invalid-instances");
        }
        String[][] good = {
            {"INT8", "[2,4]", "[1,2,3,4,-128,6,7,127]"},
            {"UINT8", "[1,4]", "[0,2,3,255]"},
            {"FP32", "[2,4]", "[[1,2,3,4],[5,6,7,8]]"},
            {"FP32", "[2,4]", "[1,2,3,4,5,6,7,8]"},
        };
        for (String[] c : good) {
            Response result = postJson(
                    "/v2/models/" + name + "/infer",
                    "{\"inputs\":[{\"name\":\"input\",\"shape\":" + c[1] + ",\"datatype\":\"" + c[0] + "\",\"data\":"
                            + c[2] + "}]}");
            assertThat(result.status())
                    .as(String.join(" ", c) + ": " + result.body())
                    .isEqualTo(200);
        }
    }

    private double monteCarlo(String outcome) {
        Counter counter = meters.find("dropwise.predictions.monte.carlo")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertV2Problem(Response result, String type) throws Exception {
        String body = result.body();
        assertThat(result.status()).as(body).isEqualTo(400);
        assertThat(result.contentType()).as(body).startsWith("application/problem+json");
        JsonNode problem = read(result);
        assertThat(problem.path("type").asString()).as(body).isEqualTo(PROBLEMS + type);
        assertThat(problem.path("error").asString())
                .as(body)
                .isNotBlank()
                .isEqualTo(problem.path("detail").asString());
    }
}
