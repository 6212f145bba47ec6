package io.dropwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.prediction.ServingTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Byte-level HTTP for the export and import routes, and {@code /predict} in chunks of its instance limit. */
abstract class TransferTestBase extends ServingTestBase {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An HTTP answer with its body as bytes. */
    record Bytes(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    Bytes getBytes(String path) {
        return exchange(HttpRequest.newBuilder(uri(path)).GET());
    }

    Bytes postBytes(String path, byte[] body) {
        return exchange(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    byte[] export(String name, int version, String format) {
        Bytes answer = getBytes("/models/" + name + "/versions/" + version + "/export?format=" + format);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/octet-stream");
        return answer.body();
    }

    /** The {@code predictions} of every instance, in calls of at most 1,024 instances. */
    List<JsonNode> predictAll(String name, int version, List<?> instances, String query) {
        List<JsonNode> predictions = new ArrayList<>();
        for (int from = 0; from < instances.size(); from += 1024) {
            List<?> chunk = instances.subList(from, Math.min(instances.size(), from + 1024));
            Response answer = postJson(
                    "/models/" + name + "/versions/" + version + "/predict" + query,
                    EXACT.writeValueAsString(java.util.Map.of("instances", chunk)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            read(answer).get("predictions").forEach(predictions::add);
        }
        return predictions;
    }

    long versionsStored() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM model_version", Long.class)
                + jdbc.queryForObject("SELECT COUNT(*) FROM registered_model", Long.class);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static Bytes exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response =
                    HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Bytes(
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
}
