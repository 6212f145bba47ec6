package io.dropwise.bench;

import io.dropwise.engine.Activation;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The training benchmark users would run (a program that prints figures, never a test): the reference workload, 10,000
 * MNIST-sized rows (784 pixel values 0..255, 10 classes) on 784-1024-1024-10 ReLU, batch 128, SGD with (Nesterov)
 * momentum, dropout 0.2 on the input and 0.5 on both hidden layers, trained through {@code POST /jobs} of a service
 * it starts (this classpath, embedded H2 in a fresh file under {@code target/train-benchmark}, as the default
 * configuration) with the default spec otherwise: {@code blasThreads} auto, {@code checkpointEveryEpochs} 1 under the
 * default {@code dropwise.training.checkpoint-interval} (30 s: no periodic checkpoint in a job this short), 20%
 * validation. In alternating rounds, so that the other load of a shared machine hits all alike, it also trains the
 * same network on the same rows with the engine in this JVM ({@code Trainer.fit}, no service around it) and with
 * PyTorch ({@code bench/pytorch_mlp.py --data}, the same training, when {@code python} imports torch; best 2-core
 * setting: 1 torch thread, OpenBLAS on every core), each with and without dropout. Figures: training samples/s
 * (the median over each run's epochs after the first), the service's time breakdown per epoch from
 * {@code /jobs/{id}/metrics}, and the ratios. Traffic goes only to 127.0.0.1.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dropwise.bench.TrainBenchmark [rounds=3] [epochs=5] [rows=10000] [python=/usr/bin/python3] \
 *     [pytorch=true] [serverHeap=2g] ['jobTraining=,"checkpointEveryEpochs":1000'] \
 *     ['serverJvmArgs=-XX:StartFlightRecording=filename=target/train-benchmark/server.jfr,settings=profile'] \
 *     [serverArgs=--dropwise.training.checkpoint-interval=0] [serverArgsB=--dropwise.training.checkpoint-interval=30s]
 * </pre>
 *
 * {@code serverJvmArgs} are space-separated JVM options of the service (a JFR recording, GC logging);
 * {@code serverArgs} space-separated arguments of the application (properties); {@code serverArgsB} starts a second
 * service with these arguments and trains each round's dropout job on it too ({@code serviceBDropout}): an A/B of two
 * configurations within one run.
 */
public final class TrainBenchmark {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int FEATURES = 784;
    private static final int CLASSES = 10;
    private static final Path DIR = Path.of("target", "train-benchmark");

    /** More members of the jobs' {@code training} object, e.g. {@code ,"checkpointEveryEpochs":1000} (argument). */
    private static String jobTraining = "";

    private TrainBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>(Map.of(
                "rounds",
                "3",
                "epochs",
                "5",
                "rows",
                "10000",
                "python",
                Files.exists(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3",
                "pytorch",
                "true",
                "serverHeap",
                "2g"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            o.put(kv[0].replaceFirst("^--", ""), kv.length > 1 ? kv[1] : "");
        }
        int rounds = Integer.parseInt(o.get("rounds"));
        jobTraining = o.getOrDefault("jobTraining", "");
        int epochs = Integer.parseInt(o.get("epochs"));
        int rows = Integer.parseInt(o.get("rows"));
        Files.createDirectories(DIR);
        float[] x = new float[rows * FEATURES];
        int[] labels = new int[rows];
        generate(x, labels);
        Path csv = writeCsv(x, labels);
        Path bin = writeBinary(x, labels);
        String torch = Boolean.parseBoolean(o.get("pytorch")) ? torchVersion(o.get("python")) : null;
        print(Map.of(
                "event",
                "start",
                "rows",
                rows,
                "epochs",
                epochs,
                "rounds",
                rounds,
                "cpus",
                Runtime.getRuntime().availableProcessors(),
                "loadBefore",
                uptime(),
                "pytorch",
                torch == null ? "not available (python3-torch + libopenblas0-pthread)" : torch,
                "pytorchBlas",
                systemBlas(),
                "serverArgs",
                o.getOrDefault("serverArgs", "")));

        Process server = startServer(
                "server", o.get("serverHeap"), o.getOrDefault("serverJvmArgs", ""), o.getOrDefault("serverArgs", ""));
        URI base = URI.create("http://127.0.0.1:" + port);
        // an A/B of two service configurations in one run: a second service with serverArgsB, its dropout job right
        // after (odd rounds) or before (even rounds) the first's; both services stay up (the idle one polls a little)
        String argsB = o.get("serverArgsB");
        Process serverB = argsB == null
                ? null
                : startServer("server-b", o.get("serverHeap"), o.getOrDefault("serverJvmArgs", ""), argsB);
        URI baseB = URI.create("http://127.0.0.1:" + port);
        List<Map<String, Double>> results = new ArrayList<>();
        try {
            awaitReady(base, server);
            String datasetId = upload(base, csv);
            String datasetB = null;
            if (serverB != null) {
                awaitReady(baseB, serverB);
                datasetB = upload(baseB, csv);
            }
            Dataset data = Dataset.classification(rows, FEATURES, x, labels, CLASSES);
            // warm-up, not measured: the first job of a fresh service JVM trains at about half speed (JIT), which
            // would otherwise always hit the dropout job of round 1; the engine is warmed up the same way
            throughJobs(base, datasetId, 2, true);
            if (serverB != null) {
                throughJobs(baseB, datasetB, 2, true);
            }
            inProcess(data, 2, true);
            print(Map.of("event", "warmup", "load", uptime()));
            for (int round = 1; round <= rounds; round++) {
                Map<String, Double> r = new LinkedHashMap<>();
                for (boolean dropout : new boolean[] {true, false}) {
                    String d = dropout ? "Dropout" : "NoDropout";
                    if (dropout && serverB != null && round % 2 == 0) {
                        r.put(
                                "serviceBDropout",
                                throughJobs(baseB, datasetB, epochs, true).get("samplesPerSecond"));
                    }
                    Map<String, Double> job = throughJobs(base, datasetId, epochs, dropout);
                    if (dropout && serverB != null && round % 2 == 1) {
                        r.put(
                                "serviceBDropout",
                                throughJobs(baseB, datasetB, epochs, true).get("samplesPerSecond"));
                    }
                    r.put("service" + d, job.get("samplesPerSecond"));
                    if (dropout) {
                        r.put("nonTrainingShare", job.get("nonTrainingShare"));
                        r.put("epochWallMillis", job.get("wallMillis"));
                        r.put("evaluationMillis", job.get("evaluationMillis"));
                        r.put("checkpointMillis", job.get("checkpointMillis"));
                        r.put("persistenceMillis", job.get("persistenceMillis"));
                    }
                    r.put("engine" + d, inProcess(data, epochs, dropout));
                    if (torch != null) {
                        r.put("pytorch" + d, pytorch(o.get("python"), bin, epochs, dropout));
                    }
                }
                Map<String, Object> line = new LinkedHashMap<>(Map.of("event", "round", "round", round));
                r.forEach((k, v) -> line.put(k, k.endsWith("Share") ? round3(v) : round1(v)));
                line.put("load", uptime());
                print(line);
                results.add(r);
            }
        } finally {
            for (Process p : serverB == null ? List.of(server) : List.of(server, serverB)) {
                p.destroy();
                p.waitFor(60, TimeUnit.SECONDS);
            }
        }
        summary(results, torch != null);
    }

    private static void summary(List<Map<String, Double>> results, boolean torch) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("event", "summary");
        for (String k : results.get(0).keySet()) {
            double m = median(results, r -> r.get(k));
            s.put(k, k.endsWith("Share") ? round3(m) : round1(m));
        }
        s.put(
                "serviceOverEngineDropout",
                round3(median(results, r -> r.get("serviceDropout") / r.get("engineDropout"))));
        s.put(
                "serviceDropoutOverheadPercent",
                round1(100 * (median(results, r -> r.get("serviceNoDropout") / r.get("serviceDropout")) - 1)));
        if (results.get(0).containsKey("serviceBDropout")) {
            s.put(
                    "serviceBOverEngineDropout",
                    round3(median(results, r -> r.get("serviceBDropout") / r.get("engineDropout"))));
            s.put(
                    "serviceBOverServiceDropout",
                    round3(median(results, r -> r.get("serviceBDropout") / r.get("serviceDropout"))));
            if (torch) {
                double ratioB = median(results, r -> r.get("serviceBDropout") / r.get("pytorchDropout"));
                s.put("serviceBOverPytorchDropout", round3(ratioB));
                // the target of the service started with serverArgsB (the one below is serverArgs')
                s.put("targetRatioMetB (>= 1.5)", ratioB >= 1.5);
            }
        }
        if (torch) {
            double ratio = median(results, r -> r.get("serviceDropout") / r.get("pytorchDropout"));
            s.put("serviceOverPytorchDropout", round3(ratio));
            s.put(
                    "serviceOverPytorchNoDropout",
                    round3(median(results, r -> r.get("serviceNoDropout") / r.get("pytorchNoDropout"))));
            s.put("targetRatioMet (>= 1.5)", ratio >= 1.5);
        }
        double share = median(results, r -> r.get("nonTrainingShare"));
        s.put("targetNonTrainingMet (< 0.10)", share < 0.10);
        s.put("loadAfter", uptime());
        s.put(
                "note",
                "medians over rounds of per-round figures; ratios are per round, then the median. A loaded machine "
                        + "moves absolute figures; compare the ratios, and re-run on a quiet machine");
        print(s);
    }

    /**
     * Class prototypes plus noise, clipped to pixel values 0..255, and 10% of the labels drawn at random: learnable
     * but never perfectly, seeded, the same on every run.
     */
    private static void generate(float[] x, int[] labels) {
        Random rng = new Random(784);
        float[][] prototypes = new float[CLASSES][FEATURES];
        for (float[] p : prototypes) {
            for (int j = 0; j < FEATURES; j++) {
                p[j] = rng.nextFloat() < 0.2f ? 100 + rng.nextInt(156) : 0;
            }
        }
        for (int r = 0; r < labels.length; r++) {
            labels[r] = r % CLASSES;
            for (int j = 0; j < FEATURES; j++) {
                float v = prototypes[labels[r]][j] + (float) rng.nextGaussian() * 90;
                x[r * FEATURES + j] = Math.max(0, Math.min(255, Math.round(v)));
            }
            if (rng.nextInt(10) == 0) {
                labels[r] = rng.nextInt(CLASSES);
            }
        }
    }

    private static Path writeCsv(float[] x, int[] labels) throws IOException {
        Path csv = DIR.resolve("mnist-like.csv");
        try (Writer w = Files.newBufferedWriter(csv)) {
            for (int j = 0; j < FEATURES; j++) {
                w.write("p" + j + ",");
            }
            w.write("label\n");
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < labels.length; r++) {
                line.setLength(0);
                for (int j = 0; j < FEATURES; j++) {
                    line.append((int) x[r * FEATURES + j]).append(',');
                }
                w.write(line.append(labels[r]).append('\n').toString());
            }
        }
        return csv;
    }

    private static Path writeBinary(float[] x, int[] labels) throws IOException {
        Path bin = DIR.resolve("mnist-like.bin");
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * (x.length + labels.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(labels.length).putInt(FEATURES);
        b.asFloatBuffer().put(x);
        b.position(8 + 4 * x.length);
        b.asIntBuffer().put(labels);
        Files.write(bin, b.array());
        return bin;
    }

    private static int port;

    /** The service in a separate JVM, embedded H2 in a fresh file (the default configuration otherwise). */
    private static Process startServer(String name, String heap, String jvmArgs, String appArgs) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path db = DIR.resolve("db-" + name + "-" + System.currentTimeMillis()).toAbsolutePath();
        Path log = DIR.resolve(name + ".log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        for (String arg : jvmArgs.split(" ")) {
            if (!arg.isBlank()) {
                command.add(arg);
            }
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "io.dropwise.DropwiseApplication",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:file:" + db
                        + "/dropwise;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "--logging.level.root=WARN"));
        for (String arg : appArgs.split(" ")) {
            if (!arg.isBlank()) {
                command.add(arg);
            }
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
    }

    private static void awaitReady(URI base, Process server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see " + DIR.resolve("server.log"));
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(base.resolve("/v2/health/ready"))
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

    private static String upload(URI base, Path csv) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/datasets?name=mnist-like&task=classification"))
                                .header("Content-Type", "text/csv")
                                .timeout(Duration.ofMinutes(5))
                                .POST(HttpRequest.BodyPublishers.ofFile(csv))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /datasets answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asString();
    }

    /** One job with the default spec but the reference network and batch; its per-epoch figures (medians). */
    private static Map<String, Double> throughJobs(URI base, String datasetId, int epochs, boolean dropout)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String p = dropout ? "0.5" : "0";
        String spec = "{\"datasetId\":\"" + datasetId + "\",\"model\":{\"inputDropout\":" + (dropout ? "0.2" : "0")
                + ",\"hiddenLayers\":[{\"units\":1024,\"dropout\":" + p + "},{\"units\":1024,\"dropout\":" + p
                + "}]},\"training\":{\"epochs\":" + epochs + ",\"batchSize\":128" + jobTraining
                + ",\"optimizer\":{\"type\":\"sgd\"}}}";
        HttpResponse<String> submitted = http.send(
                HttpRequest.newBuilder(base.resolve("/jobs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(spec))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST /jobs answered " + submitted.statusCode() + ": " + submitted.body());
        }
        String id = JSON.readTree(submitted.body()).path("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        // follow the job as a waiting client would, over its event stream (one event per epoch; it ends after the
        // terminal state), not by polling: 5 status requests a second are CPU of the service's that the in-process
        // engine never pays, taken from a 2-thread team that waits for its slower half at every product
        try (java.util.stream.Stream<String> events = http.send(
                        HttpRequest.newBuilder(base.resolve("/jobs/" + id + "/events"))
                                .timeout(Duration.ofMinutes(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .body()) {
            events.forEach(line -> {});
        }
        while (true) {
            String status = JSON.readTree(get(http, base.resolve("/jobs/" + id)))
                    .path("status")
                    .asString();
            if ("SUCCEEDED".equals(status)) {
                break;
            }
            if ("FAILED".equals(status) || "CANCELLED".equals(status) || System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + id + ": " + get(http, base.resolve("/jobs/" + id)));
            }
            Thread.sleep(1000); // the stream ended early (its timeout): poll, slowly
        }
        JsonNode metrics = JSON.readTree(get(http, base.resolve("/jobs/" + id + "/metrics")));
        JsonNode items = metrics.path("epochs");
        List<JsonNode> later = new ArrayList<>();
        items.forEach(later::add);
        if (later.size() > 1) {
            later.remove(0); // the first epoch warms the JIT up
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put(
                "samplesPerSecond",
                median(later, m -> m.path("samplesPerSecond").asDouble()));
        for (String f : new String[] {
            "nonTrainingShare", "wallMillis", "evaluationMillis", "checkpointMillis", "persistenceMillis"
        }) {
            figures.put(f, median(later, m -> m.path("time").path(f).asDouble(Double.NaN)));
        }
        return figures;
    }

    private static String get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The same training with the engine in this JVM, no service: the median training samples/s after epoch 1. */
    private static double inProcess(Dataset data, int epochs, boolean dropout) {
        double hidden = dropout ? 0.5 : 0;
        NetworkSpec network = new NetworkSpec(
                FEATURES,
                CLASSES,
                Task.CLASSIFICATION,
                dropout ? 0.2 : 0,
                List.of(
                        new LayerSpec(1024, Activation.RELU, hidden, false),
                        new LayerSpec(1024, Activation.RELU, hidden, false)),
                DropoutScaling.INVERTED);
        // the service's defaults (JobSpecs): SGD 0.05, Nesterov momentum 0.9, L2 1e-4, max-norm 3, 20% validation
        TrainingSpec training = new TrainingSpec(
                epochs,
                128,
                new OptimizerSpec(OptimizerSpec.Type.SGD, 0.05, 0.9, true, 0.9, 0.999, 1e-8, 0),
                0,
                1e-4,
                3,
                LearningRateSchedule.constant(),
                0.2,
                new EarlyStopping(10, EarlyStopping.Metric.VALIDATION_LOSS),
                FeatureScaling.STANDARDIZE,
                42,
                1,
                0);
        List<EpochMetrics> history = new Trainer(network, training)
                .fit(data, TrainingListener.NONE, () -> false)
                .history();
        return median(history.subList(Math.min(1, history.size() - 1), history.size()), EpochMetrics::samplesPerSecond);
    }

    /** bench/pytorch_mlp.py --data on the same rows: the median training samples/s after epoch 1. */
    private static double pytorch(String python, Path bin, int epochs, boolean dropout) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                python,
                "bench/pytorch_mlp.py",
                "--threads",
                "1",
                "--data",
                bin.toString(),
                "--epochs",
                String.valueOf(epochs)));
        if (!dropout) {
            command.add("--no-dropout");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment()
                .put("OPENBLAS_NUM_THREADS", String.valueOf(Runtime.getRuntime().availableProcessors()));
        Process p = pb.start();
        List<Double> rates = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith("{") && line.contains("\"job_epoch\"")) {
                    rates.add(JSON.readTree(line).path("samples_per_second").asDouble());
                }
            }
        }
        if (p.waitFor() != 0 || rates.isEmpty()) {
            throw new IllegalStateException("bench/pytorch_mlp.py failed:\n" + output);
        }
        return median(rates.subList(Math.min(1, rates.size() - 1), rates.size()), v -> v);
    }

    /** Where Debian's libblas.so.3 (torch's BLAS) points: OpenBLAS, or the ~20x slower reference BLAS. */
    private static String systemBlas() {
        try {
            return Path.of("/usr/lib/x86_64-linux-gnu/libblas.so.3")
                    .toRealPath()
                    .toString();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The torch version when {@code python} imports it, else null. */
    private static String torchVersion(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch; print(torch.__version__)")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> f) {
        double[] v = values.stream()
                .mapToDouble(f)
                .filter(d -> !Double.isNaN(d))
                .sorted()
                .toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(Map<String, ?> fields) {
        System.out.println(JSON.writeValueAsString(fields));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
