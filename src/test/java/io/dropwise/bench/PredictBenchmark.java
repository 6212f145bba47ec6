package io.dropwise.bench;

import io.dropwise.engine.Activation;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.Model;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingResult;
import io.dropwise.engine.TrainingSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load run for {@code /predict} (a program that prints figures, never a test). Single-instance predictions on a
 * model trained on {@code digits}, at {@code connections} concurrent keep-alive connections for {@code seconds},
 * and the same for a trivial endpoint of the same server ({@code /v2/health/live}) in the same run, alternating
 * for {@code rounds}; then the engine's own batch-1 latency. Prints one JSON line per measurement and a summary.
 * Traffic goes only to 127.0.0.1.
 *
 * <p>Without {@code baseUrl} it starts the application as a separate JVM (this classpath, H2 in memory, a free port
 * of 127.0.0.1, {@code -Xmx} {@code serverHeap}, comma-separated {@code serverJvmArgs}); with {@code baseUrl=http://127.0.0.1:8080} it targets a running
 * service. Either way the model is trained through {@code POST /jobs} (two hidden layers of 64 ReLU units, dropout
 * 0.5, input dropout 0.2, {@code epochs} epochs). The engine latency is measured in this JVM on the same network
 * trained locally. {@code serveSeconds=N} keeps the model served for N seconds before the load, to try it by hand.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dropwise.bench.PredictBenchmark [seconds=5] [connections=32] [rounds=6] [warmupSeconds=20] \
 *     [baseUrl=http://127.0.0.1:8080] [apiKey=...] [serverHeap=1g] [serverJvmArgs=-Xlog:gc,...] [epochs=20] \
 *     [serveSeconds=0]
 * </pre>
 */
public final class PredictBenchmark {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String TRIVIAL_PATH = "/v2/health/live";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>(
                Map.of("seconds", "5", "connections", "32", "rounds", "6", "warmupSeconds", "20", "epochs", "20"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0].replaceFirst("^--", ""), kv.length > 1 ? kv[1] : "");
        }
        int seconds = Integer.parseInt(options.get("seconds"));
        int connections = Integer.parseInt(options.get("connections"));
        int rounds = Integer.parseInt(options.get("rounds"));
        int warmup = Integer.parseInt(options.get("warmupSeconds"));
        int epochs = Integer.parseInt(options.get("epochs"));
        String apiKey = options.getOrDefault("apiKey", System.getenv("DROPWISE_API_KEY"));
        float[] digitRow = firstDigitsRow();

        Process server = null;
        URI base;
        if (options.containsKey("baseUrl")) {
            base = URI.create(options.get("baseUrl"));
            if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
                throw new IllegalArgumentException("the benchmark only sends traffic to 127.0.0.1/localhost");
            }
        } else {
            int free;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                free = socket.getLocalPort();
            }
            base = URI.create("http://127.0.0.1:" + free);
            server = startServer(
                    free, options.getOrDefault("serverHeap", "1g"), options.getOrDefault("serverJvmArgs", ""));
        }
        int port = base.getPort();
        String modelName;
        try {
            awaitReady(base, server);
            modelName = trainThroughJobs(base, apiKey, epochs);
        } catch (Exception | Error e) {
            if (server != null) {
                server.destroy();
            }
            throw e;
        }
        int serveSeconds = Integer.parseInt(options.getOrDefault("serveSeconds", "0"));
        if (serveSeconds > 0) {
            System.out.println(line(Map.of(
                    "event", "serving", "baseUrl", base.toString(), "model", modelName, "seconds", serveSeconds)));
            Thread.sleep(serveSeconds * 1000L);
        }
        try {
            String predictBody = "{\"instances\":[" + Arrays.toString(digitRow).replace(" ", "") + "]}";
            Target predict =
                    new Target("predict", port, "POST", "/models/" + modelName + "/predict", predictBody, apiKey);
            Target trivial = new Target("trivial", port, "GET", TRIVIAL_PATH, null, apiKey);
            System.out.println(line(Map.of(
                    "event",
                    "start",
                    "model",
                    modelName,
                    "port",
                    port,
                    "connections",
                    connections,
                    "seconds",
                    seconds,
                    "rounds",
                    rounds,
                    "cpus",
                    Runtime.getRuntime().availableProcessors(),
                    "loadBefore",
                    uptime())));

            run(trivial, connections, warmup);
            run(predict, connections, warmup);
            List<Result> trivialResults = new ArrayList<>();
            List<Result> predictResults = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Result t = run(trivial, connections, seconds);
                System.out.println(t.json(round));
                trivialResults.add(t);
                Result p = run(predict, connections, seconds);
                System.out.println(p.json(round));
                predictResults.add(p);
            }
            Result t = Result.merge("trivial", trivialResults);
            Result p = Result.merge("predict", predictResults);
            Map<String, Object> summary = new TreeMap<>();
            summary.put("event", "summary");
            summary.put("trivialRps", round1(t.rps()));
            summary.put("trivialP50Ms", round3(t.percentileMs(50)));
            summary.put("trivialP99Ms", round3(t.percentileMs(99)));
            summary.put("predictRps", round1(p.rps()));
            summary.put("predictP50Ms", round3(p.percentileMs(50)));
            summary.put("predictP99Ms", round3(p.percentileMs(99)));
            summary.put("ratio", round3(p.rps() / t.rps()));
            summary.put("errors", t.errors + p.errors);
            summary.put("loadAfter", uptime());
            summary.putAll(engineLatency(trainLocally(epochs), digitRow));
            System.out.println(line(summary));
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** One endpoint to load: the raw HTTP/1.1 request bytes, sent over keep-alive connections. */
    record Target(String name, int port, byte[] request) {

        Target(String name, int port, String method, String path, String body, String apiKey) {
            this(name, port, request(method, path, body, apiKey, port));
        }

        private static byte[] request(String method, String path, String body, String apiKey, int port) {
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:")
                    .append(port)
                    .append("\r\n")
                    .append("Accept: application/json\r\n");
            if (apiKey != null && !apiKey.isBlank()) {
                head.append("Authorization: Bearer ").append(apiKey).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(payload.length)
                        .append("\r\n");
            }
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(headBytes, headBytes.length + payload.length);
            System.arraycopy(payload, 0, all, headBytes.length, payload.length);
            return all;
        }
    }

    /** Latencies (ns) of one measurement. */
    static final class Result {
        final String name;
        final long[] latencies;
        final long errors;
        final double seconds;

        Result(String name, long[] latencies, long errors, double seconds) {
            this.name = name;
            this.latencies = latencies;
            this.errors = errors;
            this.seconds = seconds;
            Arrays.sort(latencies);
        }

        static Result merge(String name, List<Result> results) {
            long[] all = results.stream()
                    .flatMapToLong(r -> Arrays.stream(r.latencies))
                    .toArray();
            return new Result(
                    name,
                    all,
                    results.stream().mapToLong(r -> r.errors).sum(),
                    results.stream().mapToDouble(r -> r.seconds).sum());
        }

        double rps() {
            return latencies.length / seconds;
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latencies.length - 1, Math.ceil(p / 100 * latencies.length) - 1);
            return latencies[Math.max(0, index)] / 1e6;
        }

        String json(int round) {
            Map<String, Object> m = new TreeMap<>();
            m.put("event", "measurement");
            m.put("endpoint", name);
            m.put("round", round);
            m.put("requests", latencies.length);
            m.put("errors", errors);
            m.put("rps", round1(rps()));
            m.put("p50Ms", round3(percentileMs(50)));
            m.put("p99Ms", round3(percentileMs(99)));
            return line(m);
        }
    }

    private static Result run(Target target, int connections, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long[][] perConnection = new long[connections][];
        int[] counts = new int[connections];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int id = c;
            Thread thread = new Thread(
                    () -> {
                        long[] latencies = new long[1 << 14];
                        int n = 0;
                        Client client = null;
                        try {
                            while (System.nanoTime() < deadline) {
                                if (client == null) {
                                    client = new Client(target.port());
                                }
                                long t0 = System.nanoTime();
                                int status;
                                try {
                                    status = client.exchange(target.request());
                                } catch (IOException e) {
                                    errors.incrementAndGet();
                                    client.close();
                                    client = null;
                                    continue;
                                }
                                long t1 = System.nanoTime();
                                if (client.closed()) {
                                    client.close();
                                    client = null;
                                }
                                if (status != 200) {
                                    errors.incrementAndGet();
                                    continue;
                                }
                                if (n == latencies.length) {
                                    latencies = Arrays.copyOf(latencies, n * 2);
                                }
                                latencies[n++] = t1 - t0;
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        } finally {
                            if (client != null) {
                                client.close();
                            }
                            perConnection[id] = latencies;
                            counts[id] = n;
                            done.countDown();
                        }
                    },
                    "load-" + target.name() + "-" + c);
            thread.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(perConnection[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        return new Result(target.name(), all, errors.get(), elapsed);
    }

    /** A minimal HTTP/1.1 keep-alive client: writes a prepared request, reads one response (length or chunked). */
    static final class Client {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;
        private boolean closed;

        Client(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = readLine();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine().trim(), 16);
                        size > 0;
                        size = Long.parseLong(readLine().trim(), 16)) {
                    skip(size);
                    readLine();
                }
                readLine();
            } else if (length > 0) {
                skip(length);
            }
            closed = close;
            return status;
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (start == end) {
                    fill();
                }
                byte b = buffer[start++];
                if (b == '\n') {
                    int len = line.length();
                    return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
                }
                line.append((char) b);
            }
        }

        private void skip(long count) throws IOException {
            while (count > 0) {
                if (start == end) {
                    fill();
                }
                int n = (int) Math.min(count, end - start);
                start += n;
                count -= n;
            }
        }

        private void fill() throws IOException {
            start = 0;
            end = in.read(buffer);
            if (end <= 0) {
                end = 0;
                throw new IOException("connection closed");
            }
        }

        /** The server said {@code Connection: close} (Tomcat does after max-keep-alive-requests): reconnect. */
        boolean closed() {
            return closed;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a benchmark connection: nothing to do
            }
        }
    }

    /**
     * The application in a separate JVM (this one's classpath), H2 in memory, on {@code port} of 127.0.0.1; its
     * output goes to {@code target/predict-benchmark-server.log}.
     */
    private static Process startServer(int port, String heap, String jvmArgs) throws IOException {
        Path log = Path.of("target", "predict-benchmark-server.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        Arrays.stream(jvmArgs.split(",")).filter(a -> !a.isBlank()).forEach(command::add);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "io.dropwise.DropwiseApplication",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
                "--logging.level.root=WARN"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
    }

    private static void awaitReady(URI base, Process server) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (server != null && !server.isAlive()) {
                throw new IllegalStateException("the server exited; see target/predict-benchmark-server.log");
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(base.resolve("/v2/health/ready"))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(base + " was not ready within 3 minutes");
    }

    /** The benchmark's network trained here on digits, only to time the engine's batch-1 inference. */
    private static Model trainLocally(int epochs) throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader reader = digitsCsv()) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                float[] row = new float[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    row[j] = Float.parseFloat(cells[j]);
                }
                rows.add(row);
            }
        }
        int features = rows.get(0).length - 1;
        float[] x = new float[rows.size() * features];
        int[] labels = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, x, r * features, features);
            labels[r] = (int) rows.get(r)[features];
        }
        NetworkSpec network = new NetworkSpec(
                features,
                10,
                Task.CLASSIFICATION,
                0.2,
                List.of(new LayerSpec(64, Activation.RELU, 0.5, false), new LayerSpec(64, Activation.RELU, 0.5, false)),
                DropoutScaling.INVERTED);
        TrainingSpec training = new TrainingSpec(
                epochs,
                32,
                OptimizerSpec.adam(0.005),
                0,
                1e-4,
                3,
                LearningRateSchedule.constant(),
                0.2,
                EarlyStopping.off(),
                FeatureScaling.STANDARDIZE,
                42,
                0,
                1);
        TrainingResult result = new Trainer(network, training)
                .fit(Dataset.classification(rows.size(), features, x, labels, 10), TrainingListener.NONE, () -> false);
        return result.model();
    }

    private static String trainThroughJobs(URI base, String apiKey, int epochs) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String name = "bench-digits";
        String spec = "{\"name\":\"" + name + "\",\"datasetId\":\"digits\",\"model\":{\"inputDropout\":0.2,"
                + "\"hiddenLayers\":[{\"units\":64,\"dropout\":0.5},{\"units\":64,\"dropout\":0.5}]},"
                + "\"training\":{\"epochs\":" + epochs + ",\"seed\":42}}";
        HttpResponse<String> submitted = http.send(
                authorized(HttpRequest.newBuilder(base.resolve("/jobs")), apiKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(spec))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST /jobs answered " + submitted.statusCode() + ": " + submitted.body());
        }
        String id = JSON.readTree(submitted.body()).path("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = JSON.readTree(http.send(
                            authorized(HttpRequest.newBuilder(base.resolve("/jobs/" + id)), apiKey)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String status = job.path("status").asString();
            if ("SUCCEEDED".equals(status)) {
                System.out.println(line(Map.of(
                        "event",
                        "trained",
                        "job",
                        id,
                        "model",
                        job.path("model").toString())));
                String modelName = job.path("model").path("name").asString();
                return modelName.isEmpty() ? name : modelName;
            }
            if ("FAILED".equals(status) || "CANCELLED".equals(status)) {
                throw new IllegalStateException("training job " + id + " ended " + status + ": " + job);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("training job " + id + " did not finish in 10 minutes");
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String apiKey) {
        return apiKey == null || apiKey.isBlank() ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    /** {@link Model#predict} on one row, in this thread: p50, p99 and mean in microseconds. */
    private static Map<String, Object> engineLatency(Model model, float[] row) {
        float[][] rows = {row};
        for (int i = 0; i < 50_000; i++) {
            model.predict(rows);
        }
        long[] nanos = new long[200_000];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            model.predict(rows);
            nanos[i] = System.nanoTime() - t0;
        }
        double mean = Arrays.stream(nanos).average().orElse(Double.NaN) / 1e3;
        Arrays.sort(nanos);
        return Map.of(
                "engineBatch1P50Us",
                round3(nanos[nanos.length / 2] / 1e3),
                "engineBatch1P99Us",
                round3(nanos[(int) (nanos.length * 0.99)] / 1e3),
                "engineBatch1MeanUs",
                round3(mean));
    }

    private static BufferedReader digitsCsv() {
        return new BufferedReader(new InputStreamReader(
                PredictBenchmark.class.getResourceAsStream("/datasets/digits.csv"), StandardCharsets.UTF_8));
    }

    private static float[] firstDigitsRow() throws IOException {
        try (BufferedReader reader = digitsCsv()) {
            reader.readLine();
            String[] cells = reader.readLine().split(",");
            float[] row = new float[cells.length - 1];
            for (int j = 0; j < row.length; j++) {
                row[j] = Float.parseFloat(cells[j]);
            }
            return row;
        }
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String line(Map<String, ?> fields) {
        return JSON.writeValueAsString(fields);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
