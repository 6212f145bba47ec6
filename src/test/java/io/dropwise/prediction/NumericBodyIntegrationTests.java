package io.dropwise.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code /predict} body of known length is read by {@link DecimalRows} or {@link NumericInstances} when it can be; the same body sent
 * chunked (no length) always goes through the general mapping, as every body did before. Both must get the very same
 * answer: status, content type and body (predictions bit for bit, problem+json field for field).
 */
class NumericBodyIntegrationTests extends ServingTestBase {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String iris;
    private static String mixed;

    /** Registered once for the class (the application context, and so the registry, is shared). */
    private synchronized void models() {
        if (iris == null) {
            iris = uniqueName("iris-numeric");
            register(iris, TrainedModels.irisPlain(datasets));
            mixed = uniqueName("mixed-numeric");
            register(mixed, TrainedModels.mixedRegression());
        }
    }

    static List<String> irisBodies() {
        return List.of(
                "{\"instances\":[[5.1,3.5,1.4,0.2]]}",
                "{\"instances\":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3],[6,2.2,4,1]]}",
                "{\"instances\":[[5.1e0,35E-1,0.14e1,-0.0]]}",
                "{\"instances\":[[-0,0.35e+1,14e-1,0.20000000000000001110223024625156540423631668090820312]]}",
                "{\"instances\":[[5.0999999999999996447286321199499070644378662109375,3.5,1.4,0.2]]}",
                "{\"instances\":[[5.1,3.5,1.4,1234567890123456789]]}",
                "{\"instances\":[[5.1,3.5,1.4,0.2],]}",
                "{\"instances\":[[5.1,3.5,1.4,0.2,]]}",
                "\uFEFF{\"instances\":[[5.1,3.5,1.4,0.2]]}",
                " {\n \"instances\" : [ [ 5.1 , 3.5 , 1.4 , 0.2 ] ]\n}\n",
                "{\"instances\":[[5.1,3.5,1.4]]}",
                "{\"instances\":[[5.1,3.5,1.4,0.2,9]]}",
                "{\"instances\":[[]]}",
                "{\"instances\":[[5.1,3.5,1.4,0.2],[1,2]]}",
                "{\"instances\":[[5.1,1e39,1.4,0.2]]}",
                "{\"instances\":[[5.1,1e309,1.4,0.2]]}",
                "{\"instances\":[[5.1,-1e309,1.4,0.2]]}",
                "{\"instances\":[[5.1,3.4028235e38,1.4,0.2]]}",
                "{\"instances\":[[5.1,123456789012345678901234567890,1.4,0.2]]}",
                "{\"instances\":[[5.1,1e-50,1.4,0.2]]}",
                "{\"instances\":[[5.1,NaN,1.4,0.2]]}",
                "{\"instances\":[[5.1,Infinity,1.4,0.2]]}",
                "{\"instances\":[[5.1,-Infinity,1.4,0.2]]}",
                "{\"instances\":[[5.1,\"NaN\",1.4,0.2]]}",
                "{\"instances\":[[5.1,\"3.5\",1.4,0.2]]}",
                "{\"instances\":[[5.1,null,1.4,0.2]]}",
                "{\"instances\":[[5.1,true,1.4,0.2]]}",
                "{\"instances\":[[5.1,1.2.3,1.4,0.2]]}",
                "{\"instances\":[[5.1,01,1.4,0.2]]}",
                "{\"instances\":[[5.1,-,1.4,0.2]]}",
                "{\"instances\":[[5.1,.5,1.4,0.2]]}",
                "{\"instances\":[[5.1,1e,1.4,0.2]]}",
                "{\"instances\":[[5.1,+1,1.4,0.2]]}",
                "{\"instances\":[[5.1,3.5,1.4,0.2]",
                "{\"instances\":[[5.1,3.5,1.4,0.2]]} x",
                "{\"instances\":[[5.1,3.5,1.4,0.2]],\"instances\":[[6.7,3.0,5.2,2.3]]}",
                "{\"instances\":[[5.1,3.5,1.4,0.2]],\"mcDropout\":{\"samples\":3,\"seed\":1}}",
                "{\"mcDropout\":{\"samples\":0},\"instances\":[[5.1,3.5,1.4,0.2]]}",
                "{\"instances\":[[5.1,3.5,1.4,0.2]],\"foo\":1}",
                "{\"instances\":[{\"sepal_length_cm\":5.1,\"sepal_width_cm\":3.5,\"petal_length_cm\":1.4,"
                        + "\"petal_width_cm\":0.2}]}",
                "{\"instances\":[{\"sepal_length_cm\":5.1}]}",
                "{\"instances\":[5.1]}",
                "{\"instances\":5}",
                "{\"instances\":null}",
                "{\"instances\":[]}",
                "{}",
                "[]",
                "nonsense",
                large(1024, ""),
                large(1025, ""),
                large(1024, ",[5.1,3.5,1.4]"),
                large(1024, ",[5.1,abc,1.4,0.2]"));
    }

    /**
     * A body over 64 KiB (which {@code BodyPrefetchFilter} receives before dispatching it, so it reaches the reader
     * whole and in memory): {@code rows} rows of long decimals, then {@code tail} inside the array.
     */
    private static String large(int rows, String tail) {
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int r = 0; r < rows; r++) {
            body.append(r == 0 ? "" : ",")
                    .append("[5.1000000000000")
                    .append(r % 10)
                    .append(",3.50000000000001,1.4000000000000")
                    .append(r % 7)
                    .append(",0.200000000000000")
                    .append(r % 3)
                    .append(']');
        }
        String text = body.append(tail).append("]}").toString();
        if (text.length() <= PredictCallResolver.NUMERIC_MAX_BYTES) {
            throw new IllegalStateException("not a large body: " + text.length() + " bytes");
        }
        return text;
    }

    @ParameterizedTest
    @MethodSource("irisBodies")
    void anAllNumericModelAnswersEveryBodyAsTheGeneralPathDoes(String body) throws Exception {
        models();
        assertSameAnswer("/models/" + iris + "/predict", body);
    }

    @Test
    void aModelWithACategoricalFeatureAnswersNumericRowsAsTheGeneralPathDoes() throws Exception {
        models();
        assertSameAnswer("/models/" + mixed + "/predict", "{\"instances\":[[5.0,1,0,0]]}");
        assertSameAnswer("/models/" + mixed + "/predict", "{\"instances\":[[5.0,\"red\"]]}");
        assertSameAnswer("/models/" + mixed + "/predict", "{\"instances\":[[5.0]]}");
    }

    @Test
    void aSuccessfulNumericBodyAnswersTheEnginesPrediction() throws Exception {
        models();
        HttpResponse<String> sized = send("/models/" + iris + "/predict", "{\"instances\":[[5.1,3.5,1.4,0.2]]}", true);
        assertThat(sized.statusCode()).as(sized.body()).isEqualTo(200);
        assertThat(read(new Response(200, "", sized.body()))
                        .path("predictions")
                        .get(0)
                        .path("label")
                        .asString())
                .isNotBlank();
    }

    private void assertSameAnswer(String path, String body) throws Exception {
        HttpResponse<String> sized = send(path, body, true);
        HttpResponse<String> chunked = send(path, body, false);
        assertThat(sized.statusCode()).as(body + " -> " + sized.body()).isEqualTo(chunked.statusCode());
        assertThat(sized.headers().firstValue("Content-Type"))
                .as(body)
                .isEqualTo(chunked.headers().firstValue("Content-Type"));
        assertThat(sized.body()).as(body).isEqualTo(chunked.body());
    }

    private HttpResponse<String> send(String path, String body, boolean withLength)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = withLength
                ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(publisher)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
