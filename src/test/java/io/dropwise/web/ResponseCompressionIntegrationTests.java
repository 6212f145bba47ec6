package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Responses of 2 KB and more are gzipped when the client asks for it, and only then; event streams never are (their
 * events would wait in the compressor's buffer).
 */
class ResponseCompressionIntegrationTests extends IntegrationTest {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aLargeJsonAnswerIsGzippedForAClientThatAsksAndPlainOtherwise() throws Exception {
        HttpResponse<byte[]> gzipped = get("/v3/api-docs", "gzip");
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] inflated;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            inflated = in.readAllBytes();
        }
        assertThat(gzipped.body().length).isLessThan(inflated.length / 3);

        HttpResponse<byte[]> plain = get("/v3/api-docs", null);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        JsonNode fromGzip = JsonMapper.shared().readTree(inflated);
        assertThat(fromGzip.path("paths").size()).isGreaterThan(20);
        assertThat(fromGzip).isEqualTo(JsonMapper.shared().readTree(plain.body()));
    }

    @Test
    void aSmallAnswerAndAnEventStreamAreNotCompressed() throws Exception {
        HttpResponse<byte[]> small = get("/datasets/iris", "gzip");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body().length).isLessThan(2048);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();

        String id = api.postJson("/jobs", """
                        {"datasetId": "iris", "training": {"epochs": 1}}""").json().get("id").asString();
        awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
        HttpResponse<InputStream> events = http.send(
                HttpRequest.newBuilder(URI.create(api.base() + "/jobs/" + id + "/events"))
                        .header("Accept-Encoding", "gzip")
                        .header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = events.body()) {
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(events.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(events.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(new String(body.readNBytes(6), StandardCharsets.UTF_8)).matches("[a-z:]+.*");
        }
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(30));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
