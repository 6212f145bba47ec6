package io.dropwise.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain {@code /predict} latency while Monte-Carlo dropout requests run, and the fate of issue 10's request (1,024
 * rows × 1,000 MC samples on a ~4 M-parameter model). A program that prints figures, never a test; it targets a
 * running service on 127.0.0.1 and trains its model there through {@code POST /jobs} (digits, hidden layers
 * [2048, 2048], one epoch: 4.3 M parameters) unless {@code model=} names one.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.dropwise.bench.McLoadBenchmark \
 *     baseUrl=http://127.0.0.1:18300 [model=name] [seconds=20] [plainClients=2] [mcClients=6] [mcRows=32] \
 *     [mcSamples=50] [issueTimeoutSeconds=30]
 * </pre>
 */
public final class McLoadBenchmark {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>(Map.of(
                "seconds",
                "20",
                "plainClients",
                "2",
                "mcClients",
                "6",
                "mcRows",
                "32",
                "mcSamples",
                "50",
                "issueTimeoutSeconds",
                "30"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            o.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        URI base = URI.create(o.get("baseUrl"));
        if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
            throw new IllegalArgumentException("only 127.0.0.1/localhost");
        }
        String model = o.containsKey("model") ? o.get("model") : train(base);
        String row = firstDigitsRow();
        String plain = "{\"instances\":[" + row + "]}";
        String mc = "{\"instances\":[" + String.join(",", Collections.nCopies(Integer.parseInt(o.get("mcRows")), row))
                + "],\"mcDropout\":{\"samples\":" + o.get("mcSamples") + ",\"seed\":1}}";
        URI predict = base.resolve("/models/" + model + "/predict");
        int seconds = Integer.parseInt(o.get("seconds"));
        int plainClients = Integer.parseInt(o.get("plainClients"));

        load(predict, plain, plainClients, 5, null, 0); // warm-up
        print("plain-alone", load(predict, plain, plainClients, seconds, null, 0));
        print("plain-during-mc", load(predict, plain, plainClients, seconds, mc, Integer.parseInt(o.get("mcClients"))));

        String issue = "{\"instances\":[" + String.join(",", Collections.nCopies(1024, row))
                + "],\"mcDropout\":{\"samples\":1000}}";
        System.out.printf("issue request body: %d bytes%n", issue.length());
        long t0 = System.nanoTime();
        String outcome;
        try {
            HttpResponse<String> r = HTTP.send(
                    post(predict, issue)
                            .timeout(Duration.ofSeconds(Integer.parseInt(o.get("issueTimeoutSeconds"))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            outcome = r.statusCode() + " "
                    + r.body().substring(0, Math.min(300, r.body().length()));
        } catch (HttpTimeoutException e) {
            outcome = "client gave up after " + o.get("issueTimeoutSeconds") + " s (connection closed)";
        }
        System.out.printf("issue request: %.1f ms -> %s%n", (System.nanoTime() - t0) / 1e6, outcome);
        print("plain-after-issue-request", load(predict, plain, plainClients, 10, null, 0));
    }

    /** {@code plainClients} threads of plain requests for {@code seconds}, with {@code mcClients} MC threads. */
    private static Map<String, Object> load(
            URI uri, String plain, int plainClients, int seconds, String mc, int mcClients)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicLong> mcStatus = new ConcurrentHashMap<>();
        AtomicLong plainErrors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plainClients; i++) {
            threads.add(started(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    int status = send(uri, plain);
                    if (status == 200) {
                        latencies.add(System.nanoTime() - t);
                    } else {
                        plainErrors.incrementAndGet();
                    }
                }
            }));
        }
        for (int i = 0; i < mcClients; i++) {
            threads.add(started(() -> {
                while (System.nanoTime() < end) {
                    int status = send(uri, mc);
                    mcStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    if (status == 503) {
                        sleep(1000); // Retry-After
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> m = new TreeMap<>();
        m.put("plainRequests", sorted.length);
        m.put("plainErrors", plainErrors.get());
        m.put("plainP50Ms", percentile(sorted, 50));
        m.put("plainP99Ms", percentile(sorted, 99));
        m.put("mcStatuses", new TreeMap<>(mcStatus));
        return m;
    }

    private static int send(URI uri, String body) {
        try {
            return HTTP.send(
                            post(uri, body).timeout(Duration.ofMinutes(10)).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpRequest.Builder post(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String train(URI base) throws Exception {
        String name = "mc-load-" + System.currentTimeMillis();
        String spec = "{\"name\":\"" + name + "\",\"datasetId\":\"digits\",\"model\":{\"hiddenLayers\":["
                + "{\"units\":2048,\"dropout\":0.5},{\"units\":2048,\"dropout\":0.5}]},\"training\":{\"epochs\":1}}";
        HttpResponse<String> submitted =
                HTTP.send(post(base.resolve("/jobs"), spec).build(), HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(submitted.body()).path("id").asString();
        while (true) {
            JsonNode job = JSON.readTree(HTTP.send(
                            HttpRequest.newBuilder(base.resolve("/jobs/" + id)).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String status = job.path("status").asString();
            if ("SUCCEEDED".equals(status)) {
                System.out.println("trained " + job.path("model"));
                return job.path("model").path("name").asString();
            }
            if (!"QUEUED".equals(status) && !"RUNNING".equals(status)) {
                throw new IllegalStateException("job " + id + ": " + job);
            }
            Thread.sleep(1000);
        }
    }

    private static String firstDigitsRow() throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                McLoadBenchmark.class.getResourceAsStream("/datasets/digits.csv"), StandardCharsets.UTF_8))) {
            reader.readLine();
            String[] cells = reader.readLine().split(",");
            return "[" + String.join(",", Arrays.copyOf(cells, cells.length - 1)) + "]";
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, index)] / 1e3) / 1e3;
    }

    private static void print(String what, Map<String, Object> figures) {
        System.out.println(what + " " + figures);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body);
        thread.start();
        return thread;
    }

    private McLoadBenchmark() {}
}
