package io.dropwise.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A measuring program, not a test: the overhead of a sweep against the same jobs submitted by hand. A 3 × 3-fold
 * grid over the dropout rate on {@code digits} ({@code refit: false}) against the same 9 jobs (same specs, a 1/3
 * validation split instead of a fold) submitted by hand with the same concurrency: {@code concurrency} trials' jobs
 * in flight, the next trial's 3 jobs submitted as soon as a trial's last job ends (with {@code concurrency=3} both
 * queue all 9 at once). Per run: the client's wall time from the first request to the end it observed (the sweep's
 * terminal status; the last job's), the server's own span (sweep: created → finished; by hand: first job created →
 * last job finished, so the client's polling does not count) and the server process's CPU time during the run.
 * After {@code warmup} unmeasured pairs, sweep and by-hand alternate (which goes first alternates too) for {@code
 * rounds}; prints every round, the median ratios and the load average.
 *
 * <p>Without {@code baseUrl} it starts the application itself (a separate JVM on this classpath, or on {@code
 * serverClasspath}; H2 in a file under {@code target/}, or with {@code database=} that PostgreSQL database as
 * {@link BenchServer#database} says; a free port of 127.0.0.1) and stops it at the end; its CPU
 * time is read from {@code /proc}. With {@code baseUrl=http://127.0.0.1:8080} it uses a running service (no CPU
 * figures). Traffic goes only to 127.0.0.1.
 *
 * <pre>
 * ./mvnw -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.dropwise.bench.SweepOverheadRun \
 *     [rounds=6] [warmup=1] [concurrency=3] [epochs=10] [serverHeap=] [serverClasspath=...] [baseUrl=...] \
 *     [database=jdbc:postgresql://127.0.0.1:5432/bench]
 * </pre>
 */
public final class SweepOverheadRun {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final double[] RATES = {0, 0.25, 0.5};
    private static final int FOLDS = 3;
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final long POLL_MILLIS = 20;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Process server;
    private final int concurrency;
    private final int epochs;

    /** One measured run: client wall time, server span, server CPU seconds (NaN when unknown). */
    private record Run(double wall, double span, double cpu) {}

    private SweepOverheadRun(URI base, Process server, int concurrency, int epochs) {
        this.base = base;
        this.server = server;
        this.concurrency = concurrency;
        this.epochs = epochs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new TreeMap<>(Map.of(
                "rounds",
                "6",
                "warmup",
                "1",
                "concurrency",
                "3",
                "epochs",
                "10",
                "serverHeap",
                "",
                "serverClasspath",
                "",
                "database",
                ""));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int rounds = Integer.parseInt(a.get("rounds"));
        int warmup = Integer.parseInt(a.get("warmup"));
        int concurrency = Integer.parseInt(a.get("concurrency"));
        int epochs = Integer.parseInt(a.get("epochs"));
        Process server = null;
        URI base;
        if (a.containsKey("baseUrl")) {
            base = URI.create(a.get("baseUrl"));
            if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("loopback only: " + base);
            }
        } else {
            Path dir = Files.createTempDirectory(Path.of("target"), "sweep-bench");
            BenchServer.database = a.get("database");
            int port = BenchServer.freePort();
            String classpath = a.get("serverClasspath").isBlank()
                    ? System.getProperty("java.class.path")
                    : a.get("serverClasspath");
            server = BenchServer.start(port, a.get("serverHeap"), dir, classpath);
            base = URI.create("http://127.0.0.1:" + port);
            System.out.println("server: " + base + ", log in " + dir.resolve("server.log"));
        }
        try {
            if (server != null) {
                BenchServer.awaitReady(base, server);
            }
            new SweepOverheadRun(base, server, concurrency, epochs).measure(rounds, warmup);
        } finally {
            if (server != null) {
                server.destroy();
            }
        }
    }

    private void measure(int rounds, int warmup) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "3 x 3-fold grid on digits, %d epochs, concurrency %d, %d cores; load average %s%n",
                epochs,
                concurrency,
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        for (int w = 0; w < warmup; w++) {
            Run s = sweep();
            Run h = byHand();
            System.out.printf(Locale.ROOT, "warm-up: sweep %.2f s, by hand %.2f s%n", s.wall(), h.wall());
        }
        List<Double> wall = new ArrayList<>();
        List<Double> span = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Run s;
            Run h;
            if (r % 2 == 0) {
                s = sweep();
                h = byHand();
            } else {
                h = byHand();
                s = sweep();
            }
            wall.add(s.wall() / h.wall());
            span.add(s.span() / h.span());
            cpu.add(s.cpu() / h.cpu());
            System.out.printf(
                    Locale.ROOT,
                    "round %d (%s first): wall sweep %.2f s / by hand %.2f s = %.3f; server span %.2f / %.2f = %.3f;"
                            + " server CPU %.2f / %.2f s = %.3f; load %s%n",
                    r + 1,
                    r % 2 == 0 ? "sweep" : "by hand",
                    s.wall(),
                    h.wall(),
                    s.wall() / h.wall(),
                    s.span(),
                    h.span(),
                    s.span() / h.span(),
                    s.cpu(),
                    h.cpu(),
                    s.cpu() / h.cpu(),
                    loadAverage());
        }
        System.out.printf(
                Locale.ROOT,
                "median ratio sweep / by hand over %d rounds: wall %.3f, server span %.3f, server CPU %.3f;"
                        + " load average %s%n",
                rounds,
                median(wall),
                median(span),
                median(cpu),
                loadAverage());
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String spec(double rate, int epochs, double validationFraction) {
        return """
                {"datasetId": "digits", "model": {"inputDropout": 0, "hiddenLayers": [{"units": 64, "dropout": %s}]},
                 "training": {"epochs": %d, "seed": 5, "earlyStopping": {"patience": 0},
                              "checkpointEveryEpochs": 5, "validationFraction": %s}}""".formatted(rate, epochs, validationFraction);
    }

    private Run sweep() throws Exception {
        String body = """
                {"base": %s, "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.25, 0.5]}},
                 "validation": {"folds": 3, "seed": 1}, "refit": false, "maxConcurrentTrials": %d}""".formatted(spec(0, epochs, 0.2), concurrency);
        double cpu0 = cpuSeconds();
        long start = System.nanoTime();
        String id = post("/sweeps", body).get("id").asString();
        JsonNode sweep = get("/sweeps/" + id);
        while (!TERMINAL.contains(sweep.get("status").asString())) {
            Thread.sleep(POLL_MILLIS);
            sweep = get("/sweeps/" + id);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        if (!"SUCCEEDED".equals(sweep.get("status").asString())) {
            throw new IllegalStateException("the sweep ended " + sweep);
        }
        double span = seconds(sweep.get("createdAt"), sweep.get("finishedAt"));
        return new Run(wall, span, cpu);
    }

    private Run byHand() throws Exception {
        double cpu0 = cpuSeconds();
        long start = System.nanoTime();
        List<List<String>> trials = new ArrayList<>();
        Map<String, JsonNode> ended = new TreeMap<>();
        Set<String> all = new HashSet<>();
        int next = 0;
        while (true) {
            long inFlight = 0;
            for (List<String> trial : trials) {
                boolean open = false;
                for (String job : trial) {
                    if (!ended.containsKey(job)) {
                        JsonNode j = get("/jobs/" + job);
                        if (TERMINAL.contains(j.get("status").asString())) {
                            ended.put(job, j);
                        } else {
                            open = true;
                        }
                    }
                }
                inFlight += open ? 1 : 0;
            }
            if (next == RATES.length && inFlight == 0) {
                break;
            }
            while (next < RATES.length && inFlight < concurrency) {
                List<String> jobs = new ArrayList<>();
                for (int f = 0; f < FOLDS; f++) {
                    String id = post("/jobs", spec(RATES[next], epochs, 1.0 / FOLDS))
                            .get("id")
                            .asString();
                    jobs.add(id);
                    all.add(id);
                }
                trials.add(jobs);
                next++;
                inFlight++;
            }
            Thread.sleep(POLL_MILLIS);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        Instant first = null;
        Instant last = null;
        for (JsonNode job : ended.values()) {
            if (!"SUCCEEDED".equals(job.get("status").asString())) {
                throw new IllegalStateException("a job ended " + job);
            }
            Instant created = Instant.parse(job.get("createdAt").asString());
            Instant finished = Instant.parse(job.get("finishedAt").asString());
            first = first == null || created.isBefore(first) ? created : first;
            last = last == null || finished.isAfter(last) ? finished : last;
        }
        if (ended.size() != all.size()) {
            throw new IllegalStateException("not every job was seen to end");
        }
        return new Run(wall, Duration.between(first, last).toNanos() / 1e9, cpu);
    }

    private static double seconds(JsonNode from, JsonNode to) {
        return Duration.between(Instant.parse(from.asString()), Instant.parse(to.asString()))
                        .toNanos()
                / 1e9;
    }

    /** The server process's user + system CPU time, from {@code /proc}; NaN for a server this program did not start. */
    private double cpuSeconds() {
        if (server == null) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(server.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields from the 3rd of stat(5): utime and stime are the 14th and 15th, in clock ticks (100 per second)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
