package io.dropwise.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service under test for {@link PredictBenchmark}: started as a separate JVM on a free port of 127.0.0.1 (or a
 * running one), given the benchmark's dataset and a model trained on it through {@code POST /jobs}.
 */
final class PredictServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();

    final String label;
    final URI base;
    final String apiKey;
    private final Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PredictServer(String label, URI base, String apiKey, Process process) {
        this.label = label;
        this.base = base;
        this.apiKey = apiKey;
        this.process = process;
    }

    /** A running service at {@code baseUrl} (127.0.0.1 or localhost only). */
    static PredictServer running(String baseUrl, String apiKey) {
        URI base = URI.create(baseUrl);
        if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
            throw new IllegalArgumentException("the benchmark only sends traffic to 127.0.0.1/localhost");
        }
        return new PredictServer("running", base, apiKey, null);
    }

    /**
     * The application in a separate JVM on {@code classpath}, H2 in memory, on a free port of 127.0.0.1; its output
     * goes to {@code target/predict-benchmark-<label>.log}.
     */
    static PredictServer start(String label, String classpath, String heap, String jvmArgs, String apiKey)
            throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "predict-benchmark-" + label + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        Arrays.stream(jvmArgs.split(",(?=-)")).filter(a -> !a.isBlank()).forEach(command::add);
        command.addAll(List.of(
                "-cp",
                classpath,
                "io.dropwise.DropwiseApplication",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
                "--logging.level.root=WARN"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new PredictServer(label, URI.create("http://127.0.0.1:" + port), apiKey, process);
    }

    /**
     * CPU time (user + system, ns) the server's JVM has used so far, from {@code /proc}; -1 when unknown (a running
     * service, or not Linux). Unlike requests/s, CPU per request does not depend on what else the machine runs.
     */
    long cpuNanos() {
        return process == null ? -1 : cpuNanos(process.pid());
    }

    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the name: state is [0], utime [11], stime [12], in clock ticks (100 per second on Linux)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    int port() {
        return base.getPort();
    }

    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(label + " exited; see target/predict-benchmark-" + label + ".log");
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
        throw new IllegalStateException(base + " was not ready within 10 minutes");
    }

    /** Uploads {@code csv} as a dataset (label column {@code digit}); its id. */
    String upload(String name, byte[] csv) throws Exception {
        HttpResponse<String> uploaded = http.send(
                authorized(HttpRequest.newBuilder(base.resolve("/datasets?name=" + name + "&labelColumn=digit")))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (uploaded.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "POST /datasets answered " + uploaded.statusCode() + ": " + uploaded.body());
        }
        return JSON.readTree(uploaded.body()).path("id").asString();
    }

    /**
     * Trains the benchmark's network (two hidden layers of 64 ReLU units, dropout 0.5, input dropout 0.2) on
     * {@code datasetId} through {@code POST /jobs}; the registered model's name.
     */
    String train(String datasetId, String name, int epochs) throws Exception {
        String spec = "{\"name\":\"" + name + "\",\"datasetId\":\"" + datasetId + "\",\"model\":{\"inputDropout\":0.2,"
                + "\"hiddenLayers\":[{\"units\":64,\"dropout\":0.5},{\"units\":64,\"dropout\":0.5}]},"
                + "\"training\":{\"epochs\":" + epochs + ",\"seed\":42}}";
        HttpResponse<String> submitted = http.send(
                authorized(HttpRequest.newBuilder(base.resolve("/jobs")))
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
                            authorized(HttpRequest.newBuilder(base.resolve("/jobs/" + id)))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String status = job.path("status").asString();
            if ("SUCCEEDED".equals(status)) {
                System.out.println(JSON.writeValueAsString(Map.of(
                        "event",
                        "trained",
                        "server",
                        label,
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

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return apiKey == null || apiKey.isBlank() ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** The built-in {@code digits} CSV (8×8 pixels 0–16 and the label {@code digit}). */
    static BufferedReader digitsCsv() {
        return new BufferedReader(new InputStreamReader(
                PredictServer.class.getResourceAsStream("/datasets/digits.csv"), StandardCharsets.UTF_8));
    }
}
