package io.dropwise.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * A measuring program, not a test: batches end to end, of {@code digits} or ({@code model=wide}) of
 * {@link BenchData#wideCsv} rows for {@link BatchBenchmark}'s 784-1024-1024-10 network (upload, scored as it arrives;
 * polled every 2 ms until {@code SUCCEEDED}; result downloaded) one after the other for {@code seconds}, after
 * {@code warmup} unmeasured ones, on a server this program starts (as {@link BatchBenchmark} does;
 * {@code serverJvmArgs} separated by spaces, e.g. {@code -XX:+PreserveFramePointer} for {@code perf}). Prints the
 * rows/s and the server's CPU time per 1,000 rows over the measured span: the steady state, where
 * {@link BatchBenchmark}'s three rounds after one warm-up batch also count much of the JIT compiler's warm-up. Writes
 * the server's pid to {@code target/batch-steady.pid} once measuring starts, for a profiler.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.dropwise.bench.BatchSteadyRun \
 *     [model=digits|wide] [rows=51200] [seconds=30] [warmup=10] [serverJvmArgs=]
 * </pre>
 */
public final class BatchSteadyRun {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BatchSteadyRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(
                Map.of("rows", "51200", "seconds", "30", "warmup", "10", "serverJvmArgs", "", "model", "digits"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            o.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int rows = Integer.parseInt(o.get("rows"));
        Path dir = Files.createTempDirectory(Path.of("target"), "batch-steady");
        int port = BenchServer.freePort();
        Process server = BenchServer.start(port, "", o.get("serverJvmArgs"), dir);
        URI base = URI.create("http://127.0.0.1:" + port);
        Path pid = Path.of("target", "batch-steady.pid");
        try {
            BenchServer.awaitReady(base, server);
            boolean wide = o.get("model").equals("wide");
            String data = wide
                    ? id(post(
                            base,
                            "/datasets?name=wide784&labelColumn=label",
                            "text/csv",
                            BenchData.wideCsv(2000, new Random(1)).getBytes(StandardCharsets.UTF_8)))
                    : "digits";
            String units = wide ? "1024" : "64";
            String job = post(
                    base,
                    "/jobs",
                    "application/json",
                    ("{\"name\": \"bench-" + o.get("model") + "\", \"datasetId\": \"" + data + "\", \"model\": "
                                    + "{\"hiddenLayers\": [{\"units\": " + units + ", \"dropout\": 0.5}, {\"units\": "
                                    + units + ", \"dropout\": 0.5}]}, \"training\": {\"epochs\": " + (wide ? 1 : 5)
                                    + ", \"seed\": 1}}")
                            .getBytes(StandardCharsets.UTF_8));
            await(base, "/jobs/" + id(job));
            List<String> lines =
                    wide ? BenchData.wideCsv(2000, new Random(2)).lines().toList() : BenchData.digitsLines();
            byte[] csv = BenchData.csv(lines.get(0), BenchData.rows(lines.subList(1, lines.size()), rows))
                    .getBytes(StandardCharsets.UTF_8);
            String model = "bench-" + o.get("model");
            for (int i = 0; i < Integer.parseInt(o.get("warmup")); i++) {
                batch(base, model, csv);
            }
            Files.writeString(pid, Long.toString(server.pid()));
            long end = System.nanoTime() + Long.parseLong(o.get("seconds")) * 1_000_000_000L;
            long start = System.nanoTime();
            double cpu0 = cpuSeconds(server.pid());
            int batches = 0;
            while (System.nanoTime() < end) {
                batch(base, model, csv);
                batches++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double total = (double) batches * rows;
            System.out.printf(
                    Locale.ROOT,
                    "SUMMARY %s batches end to end, steady: %d batches of %d rows, %.0f rows/s, server CPU %.2f ms"
                            + " per 1,000 rows; load average %s%n",
                    o.get("model"),
                    batches,
                    rows,
                    total / seconds,
                    (cpuSeconds(server.pid()) - cpu0) * 1e6 / total,
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } finally {
            server.destroy();
            Files.deleteIfExists(pid);
        }
    }

    private static void batch(URI base, String model, byte[] csv) throws Exception {
        String id = id(post(base, "/batch-predictions?model=" + model, "text/csv", csv));
        await(base, "/batch-predictions/" + id);
        HttpResponse<InputStream> result = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/batch-predictions/" + id + "/result"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = result.body()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static void await(URI base, String path) throws Exception {
        while (true) {
            String status = JSON.readTree(HTTP.send(
                                    HttpRequest.newBuilder(base.resolve(path))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .path("status")
                    .asString();
            if (status.equals("SUCCEEDED")) {
                return;
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException(path + " " + status);
            }
            Thread.sleep(2);
        }
    }

    private static String id(String json) {
        return JSON.readTree(json).path("id").asString();
    }

    private static String post(URI base, String path, String type, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** The server process's CPU time (user + system) from {@code /proc}, clock ticks of 10 ms. */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}
