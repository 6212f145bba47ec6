package io.dropwise.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batch prediction figures (a program that prints them, never a test). Starts the application as a separate JVM (this
 * classpath, H2 in a file under {@code target/}, 127.0.0.1; {@code -Xmx} only when {@code serverHeap} is given: the
 * JVM's default heap otherwise) and trains two models through {@code POST /jobs}: {@code digits} (64 inputs, two hidden
 * layers of 64, 10 classes) and a 784-1024-1024-10 network on a synthetic 784-column dataset.
 *
 * <p>Throughput, per model, alternating in the same run for {@code rounds}: a batch end to end (CSV upload, parse and
 * store, predict, result CSV downloaded) against {@code POST /predict} over HTTP in sequential 1,024-row calls (bodies
 * built before the clock starts). Memory: one {@code memoryRows}-row batch on the digits model, its CSV generated
 * while it is sent and its result counted while it is read; the server's heap in use is sampled every 100 ms through
 * {@code /actuator/metrics} and the peak printed with the live data after GC.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.dropwise.bench.BatchBenchmark \
 *     [digitsRows=102400] [wideRows=10240] [rounds=3] [memoryRows=1000000] [serverHeap=]
 * </pre>
 */
public final class BatchBenchmark {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>(Map.of(
                "digitsRows", "102400", "wideRows", "10240", "rounds", "3", "memoryRows", "1000000", "serverHeap", ""));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            o.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        Path dir = Files.createTempDirectory(Path.of("target"), "batch-bench");
        int port = BenchServer.freePort();
        Process server = BenchServer.start(port, o.get("serverHeap"), dir);
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            BenchServer.awaitReady(base, server);
            List<String> digits = BenchData.digitsLines();
            String digitsHeader = digits.get(0);
            train(
                    base,
                    "{\"name\": \"bench-digits\", \"datasetId\": \"digits\", \"model\": {\"hiddenLayers\": "
                            + "[{\"units\": 64, \"dropout\": 0.5}, {\"units\": 64, \"dropout\": 0.5}]}, "
                            + "\"training\": {\"epochs\": 5, \"seed\": 1}}");
            int rounds = Integer.parseInt(o.get("rounds"));
            if (rounds > 0) { // rounds=0: the memory run only (e.g. with serverHeap=256m)
                String wideId = upload(base, BenchData.wideCsv(2000, new Random(1)));
                train(
                        base,
                        "{\"name\": \"bench-wide\", \"datasetId\": \"" + wideId + "\", \"model\": "
                                + "{\"hiddenLayers\": [{\"units\": 1024, \"dropout\": 0.5}, {\"units\": 1024, "
                                + "\"dropout\": 0.5}]}, \"training\": {\"epochs\": 1, \"seed\": 1}}");
                throughput(
                        base,
                        "bench-digits",
                        BenchData.rows(digits.subList(1, digits.size()), Integer.parseInt(o.get("digitsRows"))),
                        digitsHeader,
                        rounds);
                List<String> wide =
                        BenchData.wideCsv(2000, new Random(2)).lines().toList();
                throughput(
                        base,
                        "bench-wide",
                        BenchData.rows(wide.subList(1, wide.size()), Integer.parseInt(o.get("wideRows"))),
                        wide.get(0),
                        rounds);
            }
            memory(base, digits, Long.parseLong(o.get("memoryRows")));
        } finally {
            server.destroy();
        }
    }

    private static void throughput(URI base, String model, List<String> rows, String header, int rounds)
            throws Exception {
        byte[] csv = BenchData.csv(header, rows).getBytes(StandardCharsets.UTF_8);
        List<String> bodies = BenchData.predictBodies(rows);
        batch(base, model, csv); // warm-up of both paths
        http(base, model, bodies);
        List<Double> batchRates = new ArrayList<>();
        List<Double> httpRates = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            batchRates.add(rows.size() / batch(base, model, csv));
            httpRates.add(rows.size() / http(base, model, bodies));
            System.out.printf(
                    Locale.ROOT,
                    "{\"model\": \"%s\", \"round\": %d, \"rows\": %d, \"batchRowsPerSecond\": %.0f, "
                            + "\"httpRowsPerSecond\": %.0f}%n",
                    model,
                    r,
                    rows.size(),
                    batchRates.get(r),
                    httpRates.get(r));
        }
        double b = median(batchRates);
        double h = median(httpRates);
        System.out.printf(
                Locale.ROOT,
                "SUMMARY %s: batch %.0f rows/s, /predict (1,024-row calls) %.0f rows/s, ratio %.2f%n",
                model,
                b,
                h,
                b / h);
    }

    /** Seconds from the first byte sent to the last result byte read. */
    private static double batch(URI base, String model, byte[] csv) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> submitted = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/batch-predictions?model=" + model))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = check(submitted, 202).path("id").asString();
        awaitBatch(base, id, 10);
        long lines = download(base, id);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (lines < 2) {
            throw new IllegalStateException("empty result");
        }
        return seconds;
    }

    private static double http(URI base, String model, List<String> bodies) throws Exception {
        long start = System.nanoTime();
        for (String body : bodies) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/models/" + model + "/predict"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.body());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void memory(URI base, List<String> digits, long rows) throws Exception {
        if (rows <= 0) {
            return;
        }
        AtomicLong peak = new AtomicLong();
        AtomicLong live = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peak.accumulateAndGet(metric(base, "jvm.memory.used?tag=area:heap"), Math::max);
                    live.accumulateAndGet(metric(base, "jvm.gc.live.data.size"), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a missed sample
                }
            }
        });
        long max = metric(base, "jvm.memory.max?tag=area:heap");
        sampler.start();
        long start = System.nanoTime();
        HttpResponse<String> submitted = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/batch-predictions?model=bench-digits"))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> BenchData.generated(digits.get(0), digits.subList(1, digits.size()), rows)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode accepted = check(submitted, 202);
        double uploaded = (System.nanoTime() - start) / 1e9;
        JsonNode done = awaitBatch(base, accepted.path("id").asString(), 500);
        double scored = (System.nanoTime() - start) / 1e9;
        long lines = download(base, accepted.path("id").asString());
        double total = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        System.out.printf(
                Locale.ROOT,
                "SUMMARY memory: %d rows (%d result lines, status %s, stored input %d bytes); accepted after %.1f s,"
                        + " scored after %.1f s, downloaded after %.1f s; server heap max %d MiB, peak in use %d MiB,"
                        + " peak live after GC %d MiB%n",
                rows,
                lines,
                done.path("status").asString(),
                done.path("inputBytes").asLong(),
                uploaded,
                scored,
                total,
                max >> 20,
                peak.get() >> 20,
                live.get() >> 20);
    }

    private static long download(URI base, String id) throws Exception {
        HttpResponse<InputStream> result = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/batch-predictions/" + id + "/result"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = result.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    private static JsonNode awaitBatch(URI base, String id, long pollMillis) throws Exception {
        while (true) {
            JsonNode batch = JSON.readTree(get(base, "/batch-predictions/" + id));
            String status = batch.path("status").asString();
            if (status.equals("SUCCEEDED")) {
                return batch;
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException(batch.toString());
            }
            Thread.sleep(pollMillis);
        }
    }

    private static void train(URI base, String spec) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/jobs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(spec))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = check(response, 202).path("id").asString();
        while (true) {
            String status =
                    JSON.readTree(get(base, "/jobs/" + id)).path("status").asString();
            if (status.equals("SUCCEEDED")) {
                return;
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException("training " + id + " " + status);
            }
            Thread.sleep(200);
        }
    }

    private static String upload(URI base, String csv) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/datasets?name=wide784&labelColumn=label"))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return check(response, 201).path("id").asString();
    }

    private static long metric(URI base, String name) throws Exception {
        JsonNode m = JSON.readTree(get(base, "/actuator/metrics/" + name));
        return (long) m.path("measurements").get(0).path("value").asDouble();
    }

    private static String get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static JsonNode check(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static String[] split(String line) {
        return Arrays.stream(line.split(",")).toArray(String[]::new);
    }
}
