package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /sweeps/{id}/events}: one {@code trial} event per fold job that ends (those that ended before the stream
 * opened at once), the terminal {@code status} last, then the stream ends; two streams of one sweep share one feed,
 * which stops with them.
 */
class SweepEventsIntegrationTests extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Autowired
    SweepEvents events;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoStreamsSeeEveryFoldEndAndTheTerminalStatusFromOneFeed() throws Exception {
        String name = "iris-events-" + UUID.randomUUID().toString().substring(0, 8);
        String id = SweepScenarios.submit(api, """
                {"name": "%s",
                 "base": {"datasetId": "iris",
                          "model": {"inputDropout": 0, "hiddenLayers": [{"units": 8, "dropout": 0.5}]},
                          "training": {"epochs": 150, "batchSize": 16, "earlyStopping": {"patience": 0},
                                       "optimizer": {"type": "adam", "learningRate": 0.02}, "seed": 3}},
                 "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.5]}},
                 "validation": {"folds": 2, "seed": 1},
                 "objective": "validationAccuracy",
                 "maxConcurrentTrials": 1,
                 "refit": false}""".formatted(name));
        CompletableFuture<HttpResponse<Stream<String>>> first = open(id);
        CompletableFuture<HttpResponse<Stream<String>>> second = open(id);
        HttpResponse<Stream<String>> a = first.get(30, TimeUnit.SECONDS);
        HttpResponse<Stream<String>> b = second.get(30, TimeUnit.SECONDS);
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(b.statusCode()).isEqualTo(200);
        boolean runningWhenOpened = !SweepScenarios.TERMINAL.contains(
                api.get("/sweeps/" + id).json().get("status").asString());
        if (runningWhenOpened) {
            assertThat(events.feeds())
                    .as("both streams of the sweep on one feed")
                    .isEqualTo(1);
        }

        CompletableFuture<List<Map<String, JsonNode>>> readA = CompletableFuture.supplyAsync(() -> parse(a.body()));
        CompletableFuture<List<Map<String, JsonNode>>> readB = CompletableFuture.supplyAsync(() -> parse(b.body()));
        for (List<Map<String, JsonNode>> stream : List.of(
                readA.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), readB.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))) {
            assertThat(stream).isNotEmpty();
            assertThat(stream.get(0).containsKey("status"))
                    .as("first event: %s", stream.get(0))
                    .isTrue();
            Map<String, JsonNode> last = stream.get(stream.size() - 1);
            assertThat(last.get("status").path("status").asString()).isEqualTo("SUCCEEDED");
            List<String> foldJobs = stream.stream()
                    .filter(e -> e.containsKey("trial"))
                    .map(e -> e.get("trial").get("jobId").asString())
                    .toList();
            assertThat(foldJobs).as("one trial event per fold job").hasSize(4).doesNotHaveDuplicates();
            for (Map<String, JsonNode> e : stream) {
                if (e.containsKey("trial")) {
                    assertThat(e.get("trial").get("jobStatus").asString()).isEqualTo("SUCCEEDED");
                    assertThat(e.get("trial").get("score").isNumber()).isTrue();
                }
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.feeds() > 0 && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(events.feeds()).as("the feed stops with its last stream").isZero();

        // a stream of a finished sweep: what happened (every fold's end), its status, and the end
        List<Map<String, JsonNode>> late =
                parse(open(id).get(30, TimeUnit.SECONDS).body());
        assertThat(late).hasSize(5);
        assertThat(late.subList(0, 4)).allMatch(e -> e.containsKey("trial"));
        assertThat(late.get(4).get("status").path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(events.feeds()).isZero();
    }

    private CompletableFuture<HttpResponse<Stream<String>>> open(String id) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(api.base() + "/sweeps/" + id + "/events"))
                        .header("Accept", "text/event-stream")
                        .timeout(TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    /** The stream's events in order, each as {event name: data}, read until the server ends the stream. */
    private static List<Map<String, JsonNode>> parse(Stream<String> lines) {
        List<Map<String, JsonNode>> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5));
            } else if (line.isEmpty() && name != null) {
                Map<String, JsonNode> event = new LinkedHashMap<>();
                event.put(name, JsonMapper.shared().readTree(data.toString()));
                events.add(event);
                name = null;
                data.setLength(0);
            }
        }
        return events;
    }
}
