package io.dropwise.bench;

import io.dropwise.bench.PredictLoad.Result;
import io.dropwise.bench.PredictLoad.Target;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load run for {@code /predict} (a program that prints figures, never a test). Single-instance predictions (one
 * {@code width}-wide row, 784 by default: {@link BenchDigits}) against the trivial endpoint of the same server
 * ({@code GET /v2/health/live}, same connector, filters, security and JSON writer), alternating round by round so
 * that the other load of a shared machine hits both alike: first {@code rounds} of throughput at {@code connections}
 * (32) concurrent keep-alive connections, then {@code rounds} of latency at {@code latencyConnections} (4). Prints
 * one JSON line per round, then per server the medians over the rounds (requests/s and their ratio at 32
 * connections, p50 and p99 at 4) and a table; then the engine's own batch-1 latency.
 *
 * <p>Without {@code baseUrl} it starts the application as a separate JVM (this classpath, H2 in memory, a free port
 * of 127.0.0.1, {@code -Xmx} {@code serverHeap}, comma-separated {@code serverJvmArgs}); with {@code
 * baseline=<classpath>} it also starts a second one from another build (e.g. main's {@code target/classes} and its
 * dependencies) and every round loads both, one after the other, for an A/B in the same time window. With {@code
 * baseUrl=http://127.0.0.1:8080} it targets a running service. Each server gets the dataset and a model trained
 * through {@code POST /jobs} (two hidden layers of 64 ReLU units, dropout 0.5, input dropout 0.2, {@code epochs}).
 * Traffic goes only to 127.0.0.1.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dropwise.bench.PredictBenchmark [width=784] [seconds=5] [rounds=6] [connections=32] \
 *     [latencyConnections=4] [warmupSeconds=20] [baseline=CLASSPATH] [baseUrl=http://127.0.0.1:8080] [apiKey=...] \
 *     [serverHeap=1g] [serverJvmArgs=-Xlog:gc,...] [epochs=20] [engine=true]
 * </pre>
 */
public final class PredictBenchmark {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String TRIVIAL_PATH = "/v2/health/live";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>(Map.of(
                "seconds", "5",
                "connections", "32",
                "latencyConnections", "4",
                "rounds", "6",
                "warmupSeconds", "20",
                "epochs", "20",
                "width", "784",
                "engine", "true"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0].replaceFirst("^--", ""), kv.length > 1 ? kv[1] : "");
        }
        int seconds = Integer.parseInt(options.get("seconds"));
        int connections = Integer.parseInt(options.get("connections"));
        int latencyConnections = Integer.parseInt(options.get("latencyConnections"));
        int rounds = Integer.parseInt(options.get("rounds"));
        int warmup = Integer.parseInt(options.get("warmupSeconds"));
        int epochs = Integer.parseInt(options.get("epochs"));
        int width = Integer.parseInt(options.get("width"));
        String apiKey = options.getOrDefault("apiKey", System.getenv("DROPWISE_API_KEY"));
        List<float[]> rows = BenchDigits.rows(width);
        String predictBody = BenchDigits.predictBody(rows.get(0));

        List<PredictServer> servers = new ArrayList<>();
        try {
            if (options.containsKey("baseUrl")) {
                servers.add(PredictServer.running(options.get("baseUrl"), apiKey));
            } else {
                String heap = options.getOrDefault("serverHeap", "1g");
                String jvmArgs = options.getOrDefault("serverJvmArgs", "");
                servers.add(PredictServer.start("this", System.getProperty("java.class.path"), heap, jvmArgs, apiKey));
                if (options.containsKey("baseline")) {
                    servers.add(PredictServer.start(
                            "baseline",
                            options.get("baseline"),
                            heap,
                            options.getOrDefault("baselineJvmArgs", jvmArgs),
                            apiKey));
                }
            }
            List<Targets> targets = new ArrayList<>();
            for (PredictServer server : servers) {
                server.awaitReady();
                String datasetId = width == 64 ? "digits" : server.upload("bench-digits-784", BenchDigits.csv(rows));
                String model = server.train(datasetId, "bench-digits-" + width, epochs);
                Targets t = new Targets(
                        server.label,
                        new Target("trivial", server.port(), "GET", TRIVIAL_PATH, null, apiKey),
                        new Target(
                                "predict", server.port(), "POST", "/models/" + model + "/predict", predictBody, apiKey),
                        server::cpuNanos);
                String answer = PredictLoad.once(t.predict);
                if (!answer.startsWith("200 ")) {
                    throw new IllegalStateException(server.label + " answered " + answer);
                }
                targets.add(t);
            }
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("event", "start");
            start.put("servers", servers.stream().map(s -> s.label).toList());
            start.put("width", width);
            start.put("predictBodyBytes", predictBody.length());
            start.put("connections", connections);
            start.put("latencyConnections", latencyConnections);
            start.put("seconds", seconds);
            start.put("rounds", rounds);
            start.put("cpus", Runtime.getRuntime().availableProcessors());
            start.put("loadBefore", loadAverage());
            start.put("at", java.time.Instant.now().toString());
            System.out.println(JSON.writeValueAsString(start));

            for (Targets t : targets) {
                PredictLoad.run(t.trivial, connections, warmup);
                PredictLoad.run(t.predict, connections, warmup);
            }
            for (int round = 1; round <= rounds; round++) {
                for (Targets t : targets) {
                    t.measure("throughput", connections, seconds, round);
                }
            }
            for (int round = 1; round <= rounds; round++) {
                for (Targets t : targets) {
                    t.measure("latency", latencyConnections, seconds, round);
                }
            }
            List<Map<String, Object>> summaries = new ArrayList<>();
            for (Targets t : targets) {
                Map<String, Object> summary = t.summary();
                summary.put("loadAfter", loadAverage());
                summaries.add(summary);
                System.out.println(JSON.writeValueAsString(summary));
            }
            if (summaries.size() == 2) {
                System.out.println(JSON.writeValueAsString(comparison(summaries.get(0), summaries.get(1))));
            }
            if (Boolean.parseBoolean(options.get("engine"))) {
                System.out.println(JSON.writeValueAsString(engineLatency(trainLocally(rows, epochs), rows.get(0))));
            }
            System.out.print(table(summaries, connections, latencyConnections));
        } finally {
            for (PredictServer server : servers) {
                server.close();
            }
        }
    }

    /** The two endpoints of one server and their rounds. */
    private static final class Targets {
        final String server;
        final Target trivial;
        final Target predict;
        final Map<String, List<Result[]>> rounds = new TreeMap<>();
        final java.util.function.LongSupplier cpu;

        Targets(String server, Target trivial, Target predict, java.util.function.LongSupplier cpu) {
            this.server = server;
            this.cpu = cpu;
            this.trivial = trivial;
            this.predict = predict;
        }

        void measure(String phase, int connections, int seconds, int round) throws InterruptedException {
            Result t = PredictLoad.run(trivial, connections, seconds, cpu);
            System.out.println(t.json(server, phase, connections, round));
            Result p = PredictLoad.run(predict, connections, seconds, cpu);
            System.out.println(p.json(server, phase, connections, round));
            rounds.computeIfAbsent(phase, k -> new ArrayList<>()).add(new Result[] {t, p});
        }

        Map<String, Object> summary() {
            List<Result[]> throughput = rounds.get("throughput");
            List<Result[]> latency = rounds.get("latency");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", "summary");
            m.put("server", server);
            m.put("trivialRps", PredictLoad.round1(median(throughput, r -> r[0].rps())));
            m.put("predictRps", PredictLoad.round1(median(throughput, r -> r[1].rps())));
            m.put("ratio", PredictLoad.round3(median(throughput, r -> r[1].rps() / r[0].rps())));
            m.put("ratioRange", range(throughput, r -> r[1].rps() / r[0].rps()));
            m.put("trivialServerCpuUs", PredictLoad.round1(median(throughput, r -> r[0].serverCpuUs())));
            m.put("predictServerCpuUs", PredictLoad.round1(median(throughput, r -> r[1].serverCpuUs())));
            m.put("trivialClientCpuUs", PredictLoad.round1(median(throughput, r -> r[0].clientCpuUs())));
            m.put("predictClientCpuUs", PredictLoad.round1(median(throughput, r -> r[1].clientCpuUs())));
            m.put("trivialP50Ms", PredictLoad.round3(median(latency, r -> r[0].percentileMs(50))));
            m.put("trivialP99Ms", PredictLoad.round3(median(latency, r -> r[0].percentileMs(99))));
            m.put("predictP50Ms", PredictLoad.round3(median(latency, r -> r[1].percentileMs(50))));
            m.put("predictP99Ms", PredictLoad.round3(median(latency, r -> r[1].percentileMs(99))));
            m.put("predictP99MsPooled", PredictLoad.round3(pooled(latency, 1).percentileMs(99)));
            m.put("trivialP99MsPooled", PredictLoad.round3(pooled(latency, 0).percentileMs(99)));
            m.put("predictRpsAtLatencyConnections", PredictLoad.round1(median(latency, r -> r[1].rps())));
            m.put("trivialRpsAtLatencyConnections", PredictLoad.round1(median(latency, r -> r[0].rps())));
            m.put(
                    "errors",
                    rounds.values().stream()
                            .flatMap(List::stream)
                            .mapToLong(r -> r[0].errors + r[1].errors)
                            .sum());
            return m;
        }

        private static Result pooled(List<Result[]> rounds, int which) {
            return Result.merge("pooled", rounds.stream().map(r -> r[which]).toList());
        }
    }

    private static double median(List<Result[]> rounds, java.util.function.ToDoubleFunction<Result[]> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String range(List<Result[]> rounds, java.util.function.ToDoubleFunction<Result[]> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        return String.format(Locale.ROOT, "%.3f-%.3f", values[0], values[values.length - 1]);
    }

    private static Map<String, Object> comparison(Map<String, Object> mine, Map<String, Object> baseline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "comparison");
        for (String key : List.of(
                "trivialRps",
                "predictRps",
                "ratio",
                "predictP50Ms",
                "predictP99Ms",
                "trivialServerCpuUs",
                "predictServerCpuUs")) {
            m.put(
                    key + "ThisOverBaseline",
                    PredictLoad.round3(
                            ((Number) mine.get(key)).doubleValue() / ((Number) baseline.get(key)).doubleValue()));
        }
        return m;
    }

    private static String table(List<Map<String, Object>> summaries, int connections, int latencyConnections) {
        StringBuilder out = new StringBuilder()
                .append(String.format(
                        Locale.ROOT,
                        "%n%-9s %12s %12s %7s %12s %12s %12s %12s%n",
                        "server",
                        "trivial/s@" + connections,
                        "predict/s@" + connections,
                        "ratio",
                        "triv p50@" + latencyConnections,
                        "triv p99@" + latencyConnections,
                        "pred p50@" + latencyConnections,
                        "pred p99@" + latencyConnections));
        for (Map<String, Object> s : summaries) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-9s %12s %12s %7s %10s ms %10s ms %10s ms %10s ms%n",
                    s.get("server"),
                    s.get("trivialRps"),
                    s.get("predictRps"),
                    s.get("ratio"),
                    s.get("trivialP50Ms"),
                    s.get("trivialP99Ms"),
                    s.get("predictP50Ms"),
                    s.get("predictP99Ms")));
        }
        return out.append("(medians over the rounds; targets: ratio >= 0.8, predict p99 <= 10 ms)\n")
                .toString();
    }

    /** The benchmark's network trained here on the same rows, only to time the engine's batch-1 inference. */
    private static Model trainLocally(List<float[]> rows, int epochs) {
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

    /** {@link Model#predict} on one row, in this thread: p50, p99 and mean in microseconds. */
    private static Map<String, Object> engineLatency(Model model, float[] labelled) {
        float[][] rows = {Arrays.copyOf(labelled, labelled.length - 1)};
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "engine");
        m.put("engineBatch1P50Us", PredictLoad.round3(nanos[nanos.length / 2] / 1e3));
        m.put("engineBatch1P99Us", PredictLoad.round3(nanos[(int) (nanos.length * 0.99)] / 1e3));
        m.put("engineBatch1MeanUs", PredictLoad.round3(mean));
        return m;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
