package io.dropwise.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.KeysOnApplicationTest;
import io.dropwise.support.SecuredIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * API keys switched on, against the real server: every endpoint group with no key, a wrong key, a key with the
 * wrong scope and a key with the right scope; key management; keys never in the logs.
 */
@KeysOnApplicationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class SecurityIntegrationTests {

    // the same settings as SecuredIntegrationTest, so that every keys-on test class shares one Spring context
    static final String BOOTSTRAP_KEY = SecuredIntegrationTest.BOOTSTRAP_KEY;
    static final String HEARTBEAT = SecuredIntegrationTest.HEARTBEAT;
    static final int MAX_STREAMS_PER_JOB = SecuredIntegrationTest.MAX_STREAMS_PER_JOB;
    static final int MAX_STREAMS = SecuredIntegrationTest.MAX_STREAMS;
    private static final String WRONG_KEY = "dw_thisKeyWasNeverIssuedByTheServer0123456789abc";
    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private String trainKey;
    private String predictKey;
    private String metricsKey;
    private String revokedKey;

    /** One protected endpoint of a group and the scope it needs. */
    record Endpoint(String group, String method, String path, String body, ApiScope scope) {
        @Override
        public String toString() {
            return group + ": " + method + " " + path;
        }
    }

    static Stream<Endpoint> protectedEndpoints() {
        String job = "{\"datasetId\":\"iris\",\"training\":{\"epochs\":1}}";
        String instances = "{\"instances\":[[5.1,3.5,1.4,0.2]]}";
        String infer = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],"
                + "\"data\":[5.1,3.5,1.4,0.2]}]}";
        return Stream.of(
                new Endpoint("datasets", "GET", "/datasets", null, ApiScope.TRAIN),
                new Endpoint("datasets", "GET", "/datasets/iris", null, ApiScope.TRAIN),
                new Endpoint("datasets", "POST", "/datasets?name=sec", "a,b\n1,x\n", ApiScope.TRAIN),
                new Endpoint("jobs", "GET", "/jobs", null, ApiScope.TRAIN),
                new Endpoint("jobs", "POST", "/jobs", job, ApiScope.TRAIN),
                new Endpoint("jobs", "GET", "/jobs/999999", null, ApiScope.TRAIN),
                new Endpoint("models", "GET", "/models", null, ApiScope.TRAIN),
                new Endpoint("models", "GET", "/models/iris/versions/1", null, ApiScope.TRAIN),
                new Endpoint("predict", "POST", "/models/iris/predict", instances, ApiScope.PREDICT),
                new Endpoint("predict", "POST", "/models/iris/versions/1/predict", instances, ApiScope.PREDICT),
                new Endpoint("v2", "GET", "/v2/models/iris", null, ApiScope.PREDICT),
                new Endpoint("v2", "POST", "/v2/models/iris/infer", infer, ApiScope.PREDICT),
                new Endpoint("api-keys", "GET", "/api-keys", null, ApiScope.ADMIN),
                new Endpoint("actuator", "GET", "/actuator/prometheus", null, ApiScope.METRICS));
    }

    @BeforeAll
    void createKeys() throws Exception {
        trainKey = createKey("ci-train", "train");
        predictKey = createKey("frontend", "predict");
        metricsKey = createKey("prometheus", "metrics");
        revokedKey = createKey("leaked", "train", "predict");
        long revokedId = idOfKeyNamed("leaked");
        assertThat(send("DELETE", "/api-keys/" + revokedId, null, bearer(BOOTSTRAP_KEY))
                        .statusCode())
                .isEqualTo(204);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedEndpoints")
    void noKeyIs401(Endpoint endpoint) throws Exception {
        HttpResponse<String> response = send(endpoint, Map.of());
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedEndpoints")
    void wrongKeyIs401(Endpoint endpoint) throws Exception {
        HttpResponse<String> response = send(endpoint, bearer(WRONG_KEY));
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer").contains("invalid_token"));
        assertThat(response.body()).doesNotContain(WRONG_KEY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedEndpoints")
    void revokedKeyIs401(Endpoint endpoint) throws Exception {
        assertProblem(send(endpoint, bearer(revokedKey)), 401, "unauthorized");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedEndpoints")
    void wrongScopeIs403(Endpoint endpoint) throws Exception {
        String wrong = endpoint.scope() == ApiScope.TRAIN ? predictKey : trainKey;
        HttpResponse<String> response = send(endpoint, bearer(wrong));
        assertProblem(response, 403, "forbidden");
        assertThat(json(response).path("detail").asString())
                .contains("'" + endpoint.scope().value() + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedEndpoints")
    void rightScopePassesBothHeaders(Endpoint endpoint) throws Exception {
        String key = switch (endpoint.scope()) {
            case TRAIN -> trainKey;
            case PREDICT -> predictKey;
            case METRICS -> metricsKey;
            case ADMIN -> BOOTSTRAP_KEY;
        };
        assertThat(send(endpoint, bearer(key)).statusCode()).isNotIn(401, 403);
        assertThat(send(endpoint, Map.of("X-API-Key", key)).statusCode()).isNotIn(401, 403);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedEndpoints")
    void bootstrapKeyHasEveryScope(Endpoint endpoint) throws Exception {
        assertThat(send(endpoint, bearer(BOOTSTRAP_KEY)).statusCode()).isNotIn(401, 403);
    }

    @Test
    void healthReadinessAndOpenApiArePublic() throws Exception {
        for (String path : List.of(
                "/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness", "/v3/api-docs")) {
            assertThat(send("GET", path, null, Map.of()).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(send("GET", "/v2/health/live", null, Map.of()).statusCode()).isNotIn(401, 403);
        assertThat(send("GET", "/v2/health/ready", null, Map.of()).statusCode()).isNotIn(401, 403);
    }

    @Test
    void openApiDocumentsTheBearerScheme() throws Exception {
        JsonNode doc = json(send("GET", "/v3/api-docs", null, Map.of()));
        assertThat(doc.path("components")
                        .path("securitySchemes")
                        .path("apiKey")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(doc.path("paths").has("/api-keys")).isTrue();
    }

    @Test
    void prometheusAnswersTheMetricsScope() throws Exception {
        HttpResponse<String> response = send("GET", "/actuator/prometheus", null, bearer(metricsKey));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void aTrainKeyTrainsAndStreamsAPredictKeyPredicts() throws Exception {
        HttpResponse<String> submitted = send(
                "POST",
                "/jobs",
                "{\"name\":\"sec-iris\",\"datasetId\":\"iris\",\"training\":{\"epochs\":2}}",
                bearer(trainKey));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String jobId = json(submitted).path("id").asString();
        // the SSE stream runs on async dispatches: they must not lose the key's authorization
        HttpResponse<String> events = send(
                "GET",
                "/jobs/" + jobId + "/events",
                null,
                Map.of("Authorization", "Bearer " + trainKey, "Accept", "text/event-stream"));
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body()).contains("event:status").contains("SUCCEEDED");
        assertThat(json(send("GET", "/jobs/" + jobId, null, bearer(trainKey)))
                        .path("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
        assertProblem(send("GET", "/jobs/" + jobId, null, bearer(predictKey)), 403, "forbidden");

        String instances = "{\"instances\":[[5.1,3.5,1.4,0.2]]}";
        HttpResponse<String> predicted = send("POST", "/models/sec-iris/predict", instances, bearer(predictKey));
        assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
        assertThat(json(predicted).path("predictions").size()).isEqualTo(1);
        assertProblem(send("POST", "/models/sec-iris/predict", instances, bearer(trainKey)), 403, "forbidden");
        assertThat(send("GET", "/models/sec-iris", null, bearer(trainKey)).statusCode())
                .isEqualTo(200);
        assertProblem(send("GET", "/models/sec-iris", null, bearer(predictKey)), 403, "forbidden");
        assertThat(send("GET", "/v2/models/sec-iris", null, bearer(predictKey)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownPathNeedsAKey() throws Exception {
        assertProblem(send("GET", "/nowhere", null, Map.of()), 401, "unauthorized");
        assertThat(send("GET", "/nowhere", null, bearer(trainKey)).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedAuthorizationHeadersAre401() throws Exception {
        for (Map<String, String> headers : List.of(
                Map.of("Authorization", "Bearer"),
                Map.of("Authorization", "Bearer "),
                Map.of("Authorization", "Basic dXNlcjpwYXNz"),
                Map.of("X-API-Key", ""),
                Map.of("Authorization", "Bearer " + "x".repeat(2000)))) {
            assertProblem(send("GET", "/jobs", null, headers), 401, "unauthorized");
        }
    }

    @Test
    void createdKeyIsShownOnceAndListedWithoutSecret() throws Exception {
        HttpResponse<String> created = send(
                "POST", "/api-keys", "{\"name\":\"ops\",\"scopes\":[\"train\",\"predict\"]}", bearer(BOOTSTRAP_KEY));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json(created);
        String key = body.path("key").asString();
        assertThat(key).startsWith("dw_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(created.headers().firstValue("Location"))
                .hasValue("/api-keys/" + body.path("id").asLong());
        assertThat(key).startsWith(body.path("prefix").asString());
        assertThat(body.path("scopes").toString()).isEqualTo("[\"train\",\"predict\"]");

        HttpResponse<String> one = send("GET", "/api-keys/" + body.path("id").asLong(), null, bearer(BOOTSTRAP_KEY));
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body())
                .doesNotContain(key)
                .doesNotContain(ApiKeys.hash(key))
                .doesNotContain("\"key\"");
        HttpResponse<String> list = send("GET", "/api-keys", null, bearer(BOOTSTRAP_KEY));
        assertThat(list.body())
                .doesNotContain(key)
                .doesNotContain(ApiKeys.hash(key))
                .doesNotContain(BOOTSTRAP_KEY)
                .contains("\"name\":\"bootstrap\"");

        assertThat(send("GET", "/jobs", null, bearer(key)).statusCode()).isNotIn(401, 403);
        assertThat(send("DELETE", "/api-keys/" + body.path("id").asLong(), null, bearer(BOOTSTRAP_KEY))
                        .statusCode())
                .isEqualTo(204);
        assertProblem(send("GET", "/jobs", null, bearer(key)), 401, "unauthorized");
        JsonNode revoked = json(send("GET", "/api-keys/" + body.path("id").asLong(), null, bearer(BOOTSTRAP_KEY)));
        assertThat(revoked.path("active").asBoolean()).isFalse();
        assertThat(revoked.path("revokedAt").isMissingNode()).isFalse();
    }

    @Test
    void keyCreationIsValidated() throws Exception {
        for (String body : List.of(
                "{\"name\":\"x\",\"scopes\":[]}",
                "{\"name\":\"\",\"scopes\":[\"train\"]}",
                "{\"name\":\"x\",\"scopes\":[\"root\"]}",
                "{\"name\":\"x\"}",
                "{\"name\":\"x\",\"scopes\":")) {
            HttpResponse<String> response = send("POST", "/api-keys", body, bearer(BOOTSTRAP_KEY));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertProblem(send("GET", "/api-keys/987654", null, bearer(BOOTSTRAP_KEY)), 404, "api-key-not-found");
    }

    @Test
    void aTrainKeyCannotMintKeys() throws Exception {
        assertProblem(
                send("POST", "/api-keys", "{\"name\":\"escalate\",\"scopes\":[\"admin\"]}", bearer(trainKey)),
                403,
                "forbidden");
    }

    @Test
    void theLastAdminKeyCannotBeRevoked() throws Exception {
        assertProblem(
                send("DELETE", "/api-keys/" + idOfKeyNamed("bootstrap"), null, bearer(BOOTSTRAP_KEY)),
                409,
                "last-admin-key");
    }

    /** Two admin keys revoking each other at once: one wins, the other is refused, an admin key always remains. */
    @Test
    void twoAdminKeysRevokingEachOtherLeaveOneAdminKey() throws Exception {
        long bootstrap = idOfKeyNamed("bootstrap");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                String a = createKey("race-a-" + i, "admin");
                String b = createKey("race-b-" + i, "admin");
                long idA = idOfKeyNamed("race-a-" + i);
                long idB = idOfKeyNamed("race-b-" + i);
                // the bootstrap key steps aside so that these two are the only admin keys
                jdbc.update("update api_key set revoked_at = current_timestamp where id = ?", bootstrap);
                try {
                    CyclicBarrier start = new CyclicBarrier(2);
                    Future<Integer> aRevokesB = pool.submit(() -> {
                        start.await();
                        return send("DELETE", "/api-keys/" + idB, null, bearer(a))
                                .statusCode();
                    });
                    Future<Integer> bRevokesA = pool.submit(() -> {
                        start.await();
                        return send("DELETE", "/api-keys/" + idA, null, bearer(b))
                                .statusCode();
                    });
                    List<Integer> statuses = List.of(aRevokesB.get(), bRevokesA.get());
                    Integer active = jdbc.queryForObject(
                            "select count(*) from api_key where id in (?, ?) and revoked_at is null",
                            Integer.class,
                            idA,
                            idB);
                    assertThat(active).as("try %d: %s", i, statuses).isEqualTo(1);
                    assertThat(statuses).as("try %d", i).contains(204).doesNotHaveDuplicates();
                } finally {
                    jdbc.update("update api_key set revoked_at = null where id = ?", bootstrap);
                    jdbc.update(
                            "update api_key set revoked_at = current_timestamp where id in (?, ?) "
                                    + "and revoked_at is null",
                            idA,
                            idB);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** An Idempotency-Key belongs to its caller: another key's caller reusing it gets its own job, no 422. */
    @Test
    void idempotencyKeysAreScopedPerApiKey() throws Exception {
        String otherTrainKey = createKey("ci-train-2", "train");
        String idempotencyKey = "shared-" + System.nanoTime();
        Map<String, String> first = Map.of("Authorization", "Bearer " + trainKey, "Idempotency-Key", idempotencyKey);
        Map<String, String> second =
                Map.of("Authorization", "Bearer " + otherTrainKey, "Idempotency-Key", idempotencyKey);
        HttpResponse<String> mine =
                send("POST", "/jobs", "{\"datasetId\":\"iris\",\"training\":{\"epochs\":1}}", first);
        HttpResponse<String> theirs =
                send("POST", "/jobs", "{\"datasetId\":\"wine\",\"training\":{\"epochs\":1}}", second);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(202);
        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(202);
        assertThat(json(theirs).path("id").asString())
                .isNotEqualTo(json(mine).path("id").asString());
        HttpResponse<String> again =
                send("POST", "/jobs", "{\"datasetId\":\"iris\",\"training\":{\"epochs\":1}}", first);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).path("id").asString())
                .isEqualTo(json(mine).path("id").asString());
    }

    @Test
    void keysNeverReachTheLogs(CapturedOutput output) throws Exception {
        String fresh = createKey("log-check", "train");
        send("GET", "/jobs", null, bearer(fresh));
        send("GET", "/jobs", null, bearer(WRONG_KEY));
        send("POST", "/models/iris/predict", "{", Map.of("X-API-Key", fresh));
        assertThat(output.getAll())
                .doesNotContain(fresh)
                .doesNotContain(WRONG_KEY)
                .doesNotContain(BOOTSTRAP_KEY)
                .doesNotContain(trainKey)
                .doesNotContain(predictKey);
    }

    @Test
    void aPredictKeyCannotCreateMoveOrDeleteAnAliasNamedPredict() throws Exception {
        for (String[] call : new String[][] {
            {"PUT", "/models/iris/aliases/predict", "{\"version\":1}"},
            {"DELETE", "/models/iris/aliases/predict", null},
            {"GET", "/models/iris/versions/predict", null}
        }) {
            HttpResponse<String> response = send(call[0], call[1], call[2], bearer(predictKey));
            assertProblem(response, 403, "forbidden");
            assertThat(json(response).path("detail").asString()).contains("'train'");
        }
    }

    @Test
    void forbiddenSaysInsufficientScope() throws Exception {
        HttpResponse<String> response = send("GET", "/jobs", null, bearer(predictKey));
        assertProblem(response, 403, "forbidden");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v)
                        .startsWith("Bearer")
                        .contains("error=\"insufficient_scope\"")
                        .contains("scope=\"train\""));
    }

    @Test
    void v2RefusalsCarryTheErrorMember() throws Exception {
        for (HttpResponse<String> response : List.of(
                send("GET", "/v2/models/iris", null, Map.of()),
                send("GET", "/v2/models/iris", null, bearer(WRONG_KEY)),
                send("GET", "/v2/models/iris", null, bearer(trainKey)))) {
            assertThat(response.statusCode()).isIn(401, 403);
            JsonNode body = json(response);
            assertThat(body.path("error").asString())
                    .isNotBlank()
                    .isEqualTo(body.path("detail").asString());
        }
        assertThat(json(send("GET", "/jobs", null, Map.of())).has("error")).isFalse();
    }

    @Test
    void healthDetailsOnlyToAnAuthorizedKey() throws Exception {
        JsonNode anonymous = json(send("GET", "/actuator/health", null, Map.of()));
        assertThat(anonymous.path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).as(anonymous.toString()).isFalse();
        assertThat(anonymous.has("details")).isFalse();
        assertThat(json(send("GET", "/actuator/health", null, bearer(predictKey)))
                        .has("components"))
                .isFalse();
        JsonNode admin = json(send("GET", "/actuator/health", null, bearer(BOOTSTRAP_KEY)));
        assertThat(admin.path("components").has("db")).as(admin.toString()).isTrue();
        assertThat(json(send("GET", "/actuator/health", null, bearer(metricsKey)))
                        .has("components"))
                .isTrue();
        assertThat(send("GET", "/actuator/health/liveness", null, Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness", null, Map.of()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void keyNamesWithControlCharactersAre400() throws Exception {
        for (String name : List.of("nul\u0000name", "bell\u0007", "line\nbreak")) {
            String body = JSON.writeValueAsString(Map.of("name", name, "scopes", List.of("train")));
            HttpResponse<String> response = send("POST", "/api-keys", body, bearer(BOOTSTRAP_KEY));
            assertProblem(response, 400, "validation");
            assertThat(json(response).path("errors").get(0).path("field").asString())
                    .isEqualTo("name");
        }
    }

    @Test
    void authorizationWithBytesOutsideAsciiIsAProblem() throws Exception {
        for (byte[] value : List.of(
                new byte[] {'B', 'e', 'a', 'r', 'e', 'r', ' ', (byte) 0x85, 'k'},
                "Bearer clé".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            String response = raw(
                    "GET /jobs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: ", value, "\r\n\r\n");
            assertThat(response)
                    .as(response)
                    .matches("(?s)HTTP/1.1 (400|401) .*")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"type\":\"https://dropwise.io/problems/");
        }
    }

    @Test
    void aRefusedBodyIsNotDrainedTheConnectionIsClosed() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("POST /actuator/health HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                                    + "application/json\r\nContent-Length: 1000\r\n\r\n{")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // the rest of the body never comes: the answer must not wait for it, nor keep the connection
            String response =
                    new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 401").contains("application/problem+json");
        }
    }

    /** Sends raw bytes (a header Java's HTTP client would refuse) and returns the whole response as ISO-8859-1. */
    private String raw(String head, byte[] value, String tail) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(value);
            out.write(tail.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private String createKey(String name, String... scopes) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", name, "scopes", List.of(scopes)));
        HttpResponse<String> response = send("POST", "/api-keys", body, bearer(BOOTSTRAP_KEY));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).path("key").asString();
    }

    private long idOfKeyNamed(String name) throws Exception {
        for (JsonNode key :
                json(send("GET", "/api-keys", null, bearer(BOOTSTRAP_KEY))).path("items")) {
            if (key.path("name").asString().equals(name)) {
                return key.path("id").asLong();
            }
        }
        throw new AssertionError("no key named " + name);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String typeSlug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).isEqualTo("https://dropwise.io/problems/" + typeSlug);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static Map<String, String> bearer(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    private HttpResponse<String> send(Endpoint endpoint, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send(endpoint.method(), endpoint.path(), endpoint.body(), headers);
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", path.startsWith("/datasets") ? "text/csv" : "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
