package io.dropwise.prediction;

import io.dropwise.dataset.DatasetProvider;
import io.dropwise.model.ModelRegistry;
import io.dropwise.model.ModelVersionRef;
import io.dropwise.prediction.TrainedModels.Trained;
import io.dropwise.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared started application ({@link IntegrationTest}: H2 in memory, one cached context for every feature),
 * called over real HTTP with exact float reading. Models are trained once per JVM ({@link TrainedModels}) and
 * registered through {@link ModelRegistry} directly, under a fresh name per test.
 */
public abstract class ServingTestBase extends IntegrationTest {

    protected static final String PROBLEMS = "https://dropwise.io/problems/";

    /** Reads floats exactly: the decimal text, not a double rounded again. */
    protected static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An HTTP answer: status, content type and body text. */
    public record Response(int status, String contentType, String body) {}

    @Autowired
    protected ModelRegistry registry;

    @Autowired
    protected DatasetProvider datasets;

    protected static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected ModelVersionRef register(String name, Trained trained) {
        return registry.register(trained.registration(name));
    }

    protected Response get(String path) {
        return send("GET", path, null);
    }

    protected Response delete(String path) {
        return send("DELETE", path, null);
    }

    protected Response postJson(String path, String body) {
        return send("POST", path, body);
    }

    protected Response putJson(String path, String body) {
        return send("PUT", path, body);
    }

    private Response send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode read(Response response) {
        return EXACT.readTree(response.body());
    }

    protected static float exactFloat(JsonNode number) {
        return Float.parseFloat(number.decimalValue().toString());
    }
}
