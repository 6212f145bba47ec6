package io.dropwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input against the real started application (H2): each case gets the right 4xx as problem+json with a stable
 * type, and not one row is written. A few valid edge cases (BOM, CRLF, quoted commas) must be accepted.
 */
class BadInputIntegrationTests extends IntegrationTest {

    private static final String JSON_TYPE = "application/json";
    private static final String CSV_TYPE = "text/csv";
    private static final List<String> ALL_TABLES = List.of(
            "dataset",
            "training_job",
            "job_attempt",
            "epoch_metric",
            "checkpoint",
            "model_version",
            "model_alias",
            "registered_model",
            "scheduled_tasks",
            "api_key");

    private static final JsonMapper JSON = JsonMapper.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    /** One request and what must come back. {@code type} null: any stable type but internal-error. */
    record Case(String name, String method, String path, String contentType, byte[] body, int status, String type) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badRequests() {
        List<Case> cases = new ArrayList<>();
        // --- JSON syntax and shape (POST /jobs)
        cases.add(job("malformed JSON", "{\"datasetId\": \"iris\",,}", 400, "malformed-request"));
        cases.add(job(
                "truncated JSON", "{\"datasetId\": \"iris\", \"training\": {\"epochs\": 1", 400, "malformed-request"));
        cases.add(job("empty body", "", 400, "malformed-request"));
        cases.add(job("JSON null", "null", 400, "malformed-request"));
        cases.add(job("array instead of object", "[\"iris\"]", 400, "malformed-request"));
        cases.add(job("bare string", "\"iris\"", 400, "malformed-request"));
        cases.add(job("trailing garbage", "{\"datasetId\": \"iris\"} xyz", 400, "malformed-request"));
        cases.add(job(
                "NaN literal",
                jobWith("\"training\":{\"optimizer\":{\"learningRate\": NaN}}"),
                400,
                "malformed-request"));
        cases.add(job("Infinity literal", jobWith("\"training\":{\"l2\": Infinity}"), 400, "malformed-request"));
        cases.add(job("10k nested arrays", "[".repeat(10_000) + "]".repeat(10_000), 400, "malformed-request"));
        cases.add(job(
                "10k nested objects in a field",
                "{\"datasetId\":\"iris\",\"model\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001),
                400,
                "malformed-request"));
        cases.add(job(
                "invalid UTF-8",
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                400,
                "malformed-request"));
        // --- types, enums, unknown fields
        cases.add(job("unknown field", jobWith("\"epochz\": 5"), 400, "validation"));
        cases.add(job("unknown nested field", jobWith("\"training\":{\"epochs\":2,\"lr\":0.1}"), 400, "validation"));
        cases.add(job("epochs as text", jobWith("\"training\":{\"epochs\":\"ten\"}"), 400, "validation"));
        cases.add(job("epochs as object", jobWith("\"training\":{\"epochs\":{}}"), 400, "malformed-request"));
        cases.add(job(
                "hiddenLayers as object",
                jobWith("\"model\":{\"hiddenLayers\":{\"units\":8}}"),
                400,
                "malformed-request"));
        cases.add(job("unknown activation", layer("\"units\":8,\"activation\":\"swish\""), 400, "validation"));
        cases.add(job(
                "unknown optimizer",
                jobWith("\"training\":{\"optimizer\":{\"type\":\"rmsprop\"}}"),
                400,
                "validation"));
        cases.add(job(
                "unknown dropoutScaling", jobWith("\"training\":{\"dropoutScaling\":\"paper\"}"), 400, "validation"));
        cases.add(job(
                "unknown featureScaling", jobWith("\"training\":{\"featureScaling\":\"zscore\"}"), 400, "validation"));
        // --- numbers out of range
        cases.add(job("dropout 1.0", layer("\"units\":8,\"dropout\":1.0"), 400, "validation"));
        cases.add(job("dropout negative", layer("\"units\":8,\"dropout\":-0.1"), 400, "validation"));
        cases.add(job("dropout \"NaN\" string", layer("\"units\":8,\"dropout\":\"NaN\""), 400, "validation"));
        cases.add(job("inputDropout 1.5", jobWith("\"model\":{\"inputDropout\":1.5}"), 400, "validation"));
        cases.add(job(
                "learningRate 1e309",
                jobWith("\"training\":{\"optimizer\":{\"learningRate\":1e309}}"),
                400,
                "validation"));
        cases.add(job(
                "learningRate \"Infinity\"",
                jobWith("\"training\":{\"optimizer\":{\"learningRate\":\"Infinity\"}}"),
                400,
                "validation"));
        cases.add(job(
                "learningRate negative",
                jobWith("\"training\":{\"optimizer\":{\"learningRate\":-0.1}}"),
                400,
                "validation"));
        cases.add(job("epochs 0", jobWith("\"training\":{\"epochs\":0}"), 400, "validation"));
        cases.add(job("epochs negative", jobWith("\"training\":{\"epochs\":-5}"), 400, "validation"));
        cases.add(job("epochs beyond int", jobWith("\"training\":{\"epochs\":99999999999}"), 400, "malformed-request"));
        cases.add(job("epochs absurd", jobWith("\"training\":{\"epochs\":2000000000}"), 400, "validation"));
        cases.add(job("epochs fractional", jobWith("\"training\":{\"epochs\":1.5}"), 400, "validation"));
        cases.add(job("batchSize 0", jobWith("\"training\":{\"batchSize\":0}"), 400, "validation"));
        cases.add(job("units 0", layer("\"units\":0"), 400, "validation"));
        cases.add(job("units absurd", layer("\"units\":100000000"), 400, "validation"));
        cases.add(job(
                "too many layers",
                jobWith("\"model\":{\"hiddenLayers\":["
                        + String.join(",", java.util.Collections.nCopies(200, "{\"units\":4}")) + "]}"),
                400,
                "validation"));
        cases.add(job("validationFraction 1", jobWith("\"training\":{\"validationFraction\":1.0}"), 400, "validation"));
        cases.add(job("maxNorm negative", jobWith("\"training\":{\"maxNorm\":-3}"), 400, "validation"));
        cases.add(job(
                "checkpointEvery negative", jobWith("\"training\":{\"checkpointEveryEpochs\":-1}"), 400, "validation"));
        cases.add(job("missing datasetId", "{\"training\":{\"epochs\":1}}", 400, "validation"));
        cases.add(job("unknown dataset", "{\"datasetId\":\"no-such-dataset\"}", 400, "validation"));
        // --- content types and sizes
        cases.add(new Case(
                "jobs as text/plain",
                "POST",
                "/jobs",
                "text/plain",
                bytes("{\"datasetId\":\"iris\"}"),
                415,
                "unsupported-media-type"));
        cases.add(new Case(
                "jobs as XML", "POST", "/jobs", "application/xml", bytes("<job/>"), 415, "unsupported-media-type"));
        cases.add(new Case(
                "jobs without Content-Type",
                "POST",
                "/jobs",
                null,
                bytes("{\"datasetId\":\"iris\"}"),
                415,
                "unsupported-media-type"));
        cases.add(new Case(
                "jobs body over max-request-bytes",
                "POST",
                "/jobs",
                JSON_TYPE,
                oversizeJob(17 * 1024 * 1024),
                413,
                "payload-too-large"));
        // --- CSV uploads
        cases.add(csv("empty CSV", "", 400, "invalid-csv"));
        cases.add(csv("header only", "a,b,label\n", 400, "invalid-csv"));
        cases.add(csv("duplicate column names", "a,a,label\n1,2,x\n3,4,y\n", 400, "invalid-csv"));
        cases.add(csv("label with one class", "a,b,label\n1,2,x\n3,4,x\n5,6,x\n", 400, "invalid-dataset"));
        cases.add(csv("ragged row", "a,b,label\n1,2,x\n3,y\n", 400, "invalid-csv"));
        cases.add(csv("NaN feature", "a,b,label\n1,2,x\nNaN,4,y\n", 400, "invalid-csv"));
        cases.add(csv("Infinity feature", "a,b,label\n1,2,x\nInfinity,4,y\n", 400, "invalid-csv"));
        cases.add(csv("1e309 feature", "a,b,label\n1,2,x\n1e309,4,y\n", 400, "invalid-csv"));
        cases.add(csv("unterminated quote", "a,b,label\n1,\"2,x\n3,4,y\n", 400, "invalid-csv"));
        cases.add(new Case(
                "unknown labelColumn",
                "POST",
                "/datasets?name=bad&labelColumn=nope",
                CSV_TYPE,
                bytes("a,b,label\n1,2,x\n3,4,y\n"),
                400,
                "validation"));
        cases.add(new Case(
                "unknown task",
                "POST",
                "/datasets?name=bad&task=clustering",
                CSV_TYPE,
                bytes("a,b,label\n1,2,x\n3,4,y\n"),
                400,
                "validation"));
        cases.add(new Case(
                "dataset as JSON",
                "POST",
                "/datasets?name=bad",
                JSON_TYPE,
                bytes("{\"a\":1}"),
                415,
                "unsupported-media-type"));
        // --- listing parameters
        cases.add(new Case("unknown status filter", "GET", "/jobs?status=BOGUS", null, null, 400, "validation"));
        cases.add(new Case("unknown job", "GET", "/jobs/999999999", null, null, 404, "job-not-found"));
        cases.add(new Case("cancel unknown job", "POST", "/jobs/999999999/cancel", null, null, 404, "job-not-found"));
        // --- prediction (model "iris" may not exist in this context: unknown model is its own case)
        cases.add(new Case(
                "predict unknown model",
                "POST",
                "/models/no-such-model/predict",
                JSON_TYPE,
                bytes("{\"instances\":[[1,2,3,4]]}"),
                404,
                "model-not-found"));
        cases.add(new Case(
                "predict malformed JSON",
                "POST",
                "/models/no-such-model/predict",
                JSON_TYPE,
                bytes("{\"instances\":[[1,2"),
                400,
                "malformed-request"));
        cases.add(new Case(
                "predict 10k nested arrays",
                "POST",
                "/models/no-such-model/predict",
                JSON_TYPE,
                bytes("{\"instances\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"),
                400,
                "malformed-request"));
        cases.add(new Case(
                "predict as text/plain",
                "POST",
                "/models/no-such-model/predict",
                "text/plain",
                bytes("1,2,3,4"),
                415,
                "unsupported-media-type"));
        cases.add(new Case(
                "v2 infer malformed JSON",
                "POST",
                "/v2/models/no-such-model/infer",
                JSON_TYPE,
                bytes("{\"inputs\":["),
                400,
                "malformed-request"));
        cases.add(new Case(
                "v2 infer unknown model",
                "POST",
                "/v2/models/no-such-model/infer",
                JSON_TYPE,
                bytes("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],"
                        + "\"data\":[1,2,3,4]}]}"),
                404,
                "model-not-found"));
        return cases.stream();
    }

    static Stream<Case> validEdgeCases() {
        return Stream.of(
                csv("UTF-8 BOM", "\uFEFFa,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n", 201, null),
                csv("CRLF line ends", "a,b,label\r\n1,2,x\r\n3,4,y\r\n5,6,x\r\n7,8,y\r\n", 201, null),
                csv("quoted commas", "a,b,label\n1,2,\"x, one\"\n3,4,\"y, two\"\n5,6,\"x, one\"\n", 201, null),
                csv("BOM + CRLF + quotes", "\uFEFF\"a\",\"b\",\"label\"\r\n\"1\",2,x\r\n3,\"4\",y\r\n", 201, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validEdgeCases")
    void validEdgeCasesAreAccepted(Case c) throws Exception {
        long datasets = count("dataset");
        HttpResponse<String> response = send(c);
        assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(201);
        JsonNode dataset = JSON.readTree(response.body());
        assertThat(dataset.path("rows").asInt(-1)).as(c.name() + ": " + dataset).isGreaterThan(1);
        assertThat(count("dataset")).isEqualTo(datasets + 1);
    }

    /**
     * The server answers as soon as a chunked body passes the limit and reads no further, so the client's writes may
     * fail: the body goes out on another thread while this one reads the answer, and the test passes only when a
     * 413 problem+json is actually received (a refused write alone proves nothing).
     */
    @org.junit.jupiter.api.Test
    void chunkedOversizeBodyIs413AndWritesNothing() throws Exception {
        awaitNoJobRunning();
        Map<String, Long> before = tableCounts();
        byte[] body = oversizeJob(17 * 1024 * 1024);
        String head;
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            Thread sender = new Thread(() -> sendChunked(socket, body), "oversize-sender");
            sender.setDaemon(true);
            sender.start();
            head = readHead(socket.getInputStream());
        }
        assertThat(head).startsWith("HTTP/1.1 413 ");
        assertThat(head.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
        assertThat(tableCounts()).isEqualTo(before);
    }

    private static void sendChunked(java.net.Socket socket, byte[] body) {
        try {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(bytes("POST /jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + JSON_TYPE
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n"));
            for (int from = 0; from < body.length; from += 65536) {
                int n = Math.min(65536, body.length - from);
                out.write(bytes(Integer.toHexString(n) + "\r\n"));
                out.write(body, from, n);
                out.write(bytes("\r\n"));
            }
            out.write(bytes("0\r\n\r\n"));
            out.flush();
        } catch (IOException stoppedReading) {
            // expected once the server has answered: the reader decides whether the 413 came
        }
    }

    /** The status line and headers, up to the blank line. */
    private static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before a complete response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusedWithProblemAndNothingWritten(Case c) throws Exception {
        awaitNoJobRunning();
        Map<String, Long> before = tableCounts();
        HttpResponse<String> response = send(c);
        assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
        assertThat(response.headers().firstValue("Content-Type"))
                .as(c.name())
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        String type = problem.path("type").asString();
        assertThat(type)
                .as(c.name())
                .startsWith("https://dropwise.io/problems/")
                .doesNotEndWith("internal-error");
        if (c.type() != null) {
            assertThat(type).as(c.name()).isEqualTo("https://dropwise.io/problems/" + c.type());
        }
        assertThat(problem.path("status").asInt()).isEqualTo(c.status());
        assertThat(problem.path("detail").asString()).as(c.name()).isNotBlank().doesNotContain("Exception");
        assertThat(tableCounts()).as(c.name() + ": rows written").isEqualTo(before);
    }

    /** Jobs of other test classes (same context) write rows while they train: let them finish first. */
    private void awaitNoJobRunning() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (count("training_job where status in ('QUEUED', 'RUNNING')") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private Map<String, Long> tableCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : ALL_TABLES) {
            Integer exists = jdbc.queryForObject(
                    "select count(*) from information_schema.tables where lower(table_name) = ?", Integer.class, table);
            if (exists != null && exists > 0) {
                counts.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
            }
        }
        return counts;
    }

    private HttpResponse<String> send(Case c) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + c.path()))
                .method(
                        c.method(),
                        c.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Case job(String name, String body, int status, String type) {
        return job(name, bytes(body), status, type);
    }

    private static Case job(String name, byte[] body, int status, String type) {
        return new Case(name, "POST", "/jobs", JSON_TYPE, body, status, type);
    }

    private static Case csv(String name, String body, int status, String type) {
        return new Case(name, "POST", "/datasets?name=bad-input", CSV_TYPE, bytes(body), status, type);
    }

    private static String jobWith(String member) {
        return "{\"datasetId\":\"iris\"," + member + "}";
    }

    private static String layer(String fields) {
        return jobWith("\"model\":{\"hiddenLayers\":[{" + fields + "}]}");
    }

    private static byte[] oversizeJob(int size) {
        StringBuilder b = new StringBuilder(size + 64).append("{\"datasetId\":\"iris\",\"name\":\"");
        b.append("x".repeat(size));
        return bytes(b.append("\"}").toString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
