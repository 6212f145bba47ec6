package io.dropwise.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load run against a started Dropwise (a program that prints figures, not a test): {@code submissions} job
 * submissions on a tiny dataset from {@code clients} concurrent clients, each with its own {@code Idempotency-Key};
 * every fourth submission is sent twice with the same key and must name the same job. Then it waits for every
 * accepted job to reach a terminal state and reports whether any was lost.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.dropwise.bench.LoadRun \
 *     [baseUrl=http://localhost:8080] [submissions=200] [clients=16] [apiKey=...] [dataset=iris] [epochs=2]
 * </pre>
 */
public final class LoadRun {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String apiKey;

    private LoadRun(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>(Map.of(
                "baseUrl",
                "http://localhost:8080",
                "submissions",
                "200",
                "clients",
                "16",
                "dataset",
                "iris",
                "epochs",
                "2",
                "timeoutSeconds",
                "900"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0].replaceFirst("^--", ""), kv.length > 1 ? kv[1] : "");
        }
        String apiKey = options.getOrDefault("apiKey", System.getenv("DROPWISE_API_KEY"));
        new LoadRun(options.get("baseUrl"), apiKey)
                .run(
                        Integer.parseInt(options.get("submissions")),
                        Integer.parseInt(options.get("clients")),
                        options.get("dataset"),
                        Integer.parseInt(options.get("epochs")),
                        Duration.ofSeconds(Long.parseLong(options.get("timeoutSeconds"))));
    }

    private void run(int submissions, int clients, String dataset, int epochs, Duration timeout) throws Exception {
        String spec = "{\"name\":\"load-run\",\"datasetId\":\"" + dataset + "\","
                + "\"model\":{\"hiddenLayers\":[{\"units\":8,\"dropout\":0.2}]},"
                + "\"training\":{\"epochs\":" + epochs + ",\"batchSize\":32,\"seed\":7}}";
        Set<String> acceptedJobs = ConcurrentHashMap.newKeySet();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused429 = new AtomicInteger();
        AtomicInteger missingRetryAfter = new AtomicInteger();
        AtomicInteger replays = new AtomicInteger();
        AtomicInteger replaysSameJob = new AtomicInteger();
        Map<Integer, AtomicInteger> other = new ConcurrentHashMap<>();
        String runId = Long.toString(System.currentTimeMillis(), 36);

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < submissions; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                String key = "load-" + runId + "-" + n;
                HttpResponse<String> response = submit(spec, key);
                switch (response.statusCode()) {
                    case 202, 201 -> {
                        accepted.incrementAndGet();
                        String id = JSON.readTree(response.body()).path("id").asString();
                        acceptedJobs.add(id);
                        if (n % 4 == 0) {
                            replays.incrementAndGet();
                            HttpResponse<String> again = submit(spec, key);
                            if (again.statusCode() / 100 == 2
                                    && id.equals(JSON.readTree(again.body())
                                            .path("id")
                                            .asString())) {
                                replaysSameJob.incrementAndGet();
                            }
                        }
                    }
                    case 429 -> {
                        refused429.incrementAndGet();
                        if (response.headers().firstValue("Retry-After").isEmpty()) {
                            missingRetryAfter.incrementAndGet();
                        }
                    }
                    default ->
                        other.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                                .incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                other.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                System.out.println("client error: " + e.getCause());
            }
        }
        pool.shutdown();
        double submitSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "submissions=%d clients=%d in %.1f s: accepted=%d refused429=%d (without Retry-After: %d)"
                        + " other=%s distinctJobs=%d idempotentReplays=%d sameJob=%d%n",
                submissions,
                clients,
                submitSeconds,
                accepted.get(),
                refused429.get(),
                missingRetryAfter.get(),
                other,
                acceptedJobs.size(),
                replays.get(),
                replaysSameJob.get());

        Map<String, Integer> finalStates = awaitAll(acceptedJobs, timeout);
        double totalSeconds = (System.nanoTime() - started) / 1e9;
        // lost: accepted but gone (404) or never reaching a terminal state
        int lost = finalStates.getOrDefault("MISSING", 0) + finalStates.getOrDefault("NOT_FINISHED", 0);
        System.out.printf("after %.1f s: final states of accepted jobs %s; lost=%d%n", totalSeconds, finalStates, lost);
        System.exit(lost == 0 && other.isEmpty() && replays.get() == replaysSameJob.get() ? 0 : 1);
    }

    private Map<String, Integer> awaitAll(Set<String> jobs, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> states = new TreeMap<>();
        List<String> pending = new ArrayList<>(jobs);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<String> still = new ArrayList<>();
            for (String id : pending) {
                HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + id))
                        .GET());
                if (response.statusCode() == 404) {
                    states.put(id, "MISSING");
                    continue;
                }
                String status = JSON.readTree(response.body()).path("status").asString();
                if (Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
                    states.put(id, status);
                } else {
                    still.add(id);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                Thread.sleep(1000);
            }
        }
        pending.forEach(id -> states.put(id, "NOT_FINISHED"));
        Map<String, Integer> counts = new TreeMap<>();
        states.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts;
    }

    private HttpResponse<String> submit(String spec, String idempotencyKey) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(spec)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
