package io.dropwise.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.KeysOnApplicationTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The job event streams (SSE) against the real server, with API keys on (the context of
 * {@link SecurityIntegrationTests}: a 300 ms heartbeat, at most 4 streams per job and 12 per instance): heartbeats,
 * {@code retry:}, dropped clients noticed, one poll per job whatever the number of streams, caps, {@code Last-Event-ID},
 * and a revoked key's stream closed.
 */
@KeysOnApplicationTest
class EventStreamIntegrationTests {

    private static final String ADMIN = SecurityIntegrationTests.BOOTSTRAP_KEY;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final List<String> queuedJobs = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        queuedJobs.forEach(id -> jdbc.update("delete from training_job where id = ?", id));
        awaitGauge("dropwise_events_streams", 0);
    }

    @Test
    void aQueuedJobsStreamAnnouncesRetryThenSendsHeartbeats() throws Exception {
        BufferedReader stream = open(queuedJob(), ADMIN, null);
        List<String> lines = readUntil(stream, ":heartbeat", 20);
        assertThat(lines).contains("retry:3000", "event:status");
        assertThat(String.join("\n", lines)).contains("\"status\":\"QUEUED\"");
    }

    @Test
    void droppedClientsAreNoticedAndOneJobIsPolledOnce() throws Exception {
        String job = queuedJob();
        for (int i = 0; i < SecurityIntegrationTests.MAX_STREAMS_PER_JOB; i++) {
            readUntil(open(job, ADMIN, null), "event:status", 20);
        }
        assertThat(gauge("dropwise_events_streams")).isEqualTo(SecurityIntegrationTests.MAX_STREAMS_PER_JOB);
        assertThat(gauge("dropwise_events_feeds"))
                .as("one poll for every stream of the job")
                .isEqualTo(1);
        for (Socket socket : sockets) {
            socket.setSoLinger(true, 0); // a client that vanishes: reset, not a polite close
            socket.close();
        }
        sockets.clear();
        // the next heartbeats fail: every stream and the job's poll are gone
        awaitGauge("dropwise_events_streams", 0);
        awaitGauge("dropwise_events_feeds", 0);
    }

    @Test
    void streamsAreCappedPerJobAndPerInstance() throws Exception {
        String job = queuedJob();
        for (int i = 0; i < SecurityIntegrationTests.MAX_STREAMS_PER_JOB; i++) {
            readUntil(open(job, ADMIN, null), "event:status", 20);
        }
        assertThat(refusal(job)).startsWith("HTTP/1.1 429").contains("too-many-job-streams");
        int more = SecurityIntegrationTests.MAX_STREAMS - SecurityIntegrationTests.MAX_STREAMS_PER_JOB;
        for (int i = 0; i < more; i++) {
            readUntil(open(queuedJob(), ADMIN, null), "event:status", 20);
        }
        assertThat(refusal(queuedJob()))
                .startsWith("HTTP/1.1 503")
                .contains("too-many-streams")
                .containsIgnoringCase("Retry-After");
    }

    @Test
    void lastEventIdResumesAfterTheEventSeen() throws Exception {
        Api api = new Api(port);
        Api.Response submitted = api.postJson(
                "/jobs",
                "{\"datasetId\":\"iris\",\"training\":{\"epochs\":4}}",
                Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String job = submitted.json().path("id").asString();
        readUntil(open(job, ADMIN, null), "END", 120); // until it has finished
        assertThat(ids(readUntil(open(job, ADMIN, null), "END", 20)))
                .containsExactly(
                        job + "/epoch/1",
                        job + "/epoch/2",
                        job + "/epoch/3",
                        job + "/epoch/4",
                        job + "/status/SUCCEEDED/4");
        assertThat(ids(readUntil(open(job, ADMIN, job + "/epoch/2"), "END", 20)))
                .containsExactly(job + "/epoch/3", job + "/epoch/4", job + "/status/SUCCEEDED/4");
        assertThat(ids(readUntil(open(job, ADMIN, job + "/status/SUCCEEDED/4"), "END", 20)))
                .isEmpty();
        assertThat(ids(readUntil(open(job, ADMIN, "garbage"), "END", 20))).hasSize(5);
    }

    @Test
    void aRevokedKeysStreamIsClosedAtItsNextEvent() throws Exception {
        Api api = new Api(port);
        Api.Response created = api.postJson(
                "/api-keys",
                "{\"name\":\"sse-revoked\",\"scopes\":[\"train\"]}",
                Map.of("Authorization", "Bearer " + ADMIN));
        String key = created.json().path("key").asString();
        BufferedReader stream = open(queuedJob(), key, null);
        readUntil(stream, ":heartbeat", 20);
        assertThat(api.send(
                                "DELETE",
                                "/api-keys/" + created.json().path("id").asLong(),
                                null,
                                null,
                                Map.of("Authorization", "Bearer " + ADMIN))
                        .status())
                .isEqualTo(204);
        assertThat(readUntil(stream, "END", 20)).endsWith("END");
    }

    /** A job row that stays QUEUED (it is never handed to the scheduler). */
    private String queuedJob() {
        String id = "job-sse-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update(
                "insert into training_job (id, name, dataset_id, status, spec_json, epochs, request_hash, "
                        + "cancel_requested, attempts, current_epoch, created_at, updated_at, version) values "
                        + "(?, 'sse', 'iris', 'QUEUED', '{}', 5, 'x', false, 0, 0, ?, ?, 0)",
                id,
                java.sql.Timestamp.from(Instant.now()),
                java.sql.Timestamp.from(Instant.now()));
        queuedJobs.add(id);
        return id;
    }

    private BufferedReader open(String job, String key, String lastEventId) throws IOException {
        Socket socket = new Socket("localhost", port);
        sockets.add(socket);
        socket.setSoTimeout(30_000);
        String request = "GET /jobs/" + job + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer " + key + "\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = reader.readLine();
        assertThat(status).startsWith("HTTP/1.1 200");
        return reader;
    }

    /** The head and body of a refused stream. */
    private String refusal(String job) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET /jobs/" + job + "/events HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Accept: text/event-stream\r\nConnection: close\r\nAuthorization: Bearer " + ADMIN
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Lines up to and including the first that starts with {@code marker} ("END": the end of the stream). */
    private static List<String> readUntil(BufferedReader reader, String marker, int maxSeconds) throws IOException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line;
            try {
                line = reader.readLine();
            } catch (SocketTimeoutException e) {
                break;
            }
            if (line == null || line.equals("0")) { // closed, or the last chunk of a chunked body
                lines.add("END");
                return lines;
            }
            lines.add(line.trim());
            if (line.startsWith(marker)) {
                return lines;
            }
        }
        throw new AssertionError("no '" + marker + "' within " + maxSeconds + " s: " + lines);
    }

    private static List<String> ids(List<String> lines) {
        return lines.stream()
                .filter(l -> l.startsWith("id:"))
                .map(l -> l.substring(3).trim())
                .toList();
    }

    private double gauge(String name) {
        String body = new Api(port)
                .send("GET", "/actuator/prometheus", null, null, Map.of("Authorization", "Bearer " + ADMIN))
                .body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)").matcher(body);
        assertThat(m.find()).as(name).isTrue();
        return Double.parseDouble(m.group(2));
    }

    private void awaitGauge(String name, double value) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (gauge(name) != value) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " is " + gauge(name) + ", not " + value + ", after 20 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
