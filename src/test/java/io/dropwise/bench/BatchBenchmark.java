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
 * classpath, H2 in a file under {@code target/}, or the PostgreSQL database {@code database} names; 127.0.0.1;
 * {@code -Xmx} only when {@code serverHeap} is given: the JVM's default heap otherwise) and trains two models through
 * {@code POST /jobs}: {@code digits} (64 inputs, two hidden layers of 64, 10 classes) and a 784-1024-1024-10 network
 * on a synthetic 784-column dataset.
 *
 * <p>On PostgreSQL it also prints the CPU time of the database's processes per 1,000 rows ({@link
 * #databaseCpuSeconds}), which the server's own CPU time leaves out.
 *
 * <p>With {@code restart=true} the server is restarted on the same database once both models are trained: the
 * rounds then measure a process that serves models it did not train, as a serving instance after a restart does.
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
 *     [digitsRows=102400] [wideRows=10240] [rounds=3] [memoryRows=1000000] [serverHeap=] [serverJvmArgs=] \
 *     [warmupSeconds=0] [database=jdbc:postgresql://127.0.0.1:5432/bench] [restart=false]
 * # the engine's ceiling alone (no server):
 * java -cp … io.dropwise.bench.BatchBenchmark ceilingOnly
 * </pre>
 *
 * <p>Per round it also prints the batch's stages (upload until the 202, queue and scoring until {@code SUCCEEDED},
 * download), and after the throughput rounds the engine's own inference rate on the reference network in this JVM:
 * {@code Model.predict} of 1,024 rows on 1 and 2 threads of the inference team (a {@code /predict} call's way) and
 * {@code Model.predictAlone} on two threads side by side (a batch's way): the compute ceilings of both paths.
 */
public final class BatchBenchmark {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The server's process, for its CPU time. */
    private static Process server;

    private BatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>(Map.of(
                "digitsRows",
                "102400",
                "wideRows",
                "10240",
                "rounds",
                "3",
                "memoryRows",
                "1000000",
                "serverHeap",
                "",
                "serverJvmArgs",
                "",
                "warmupSeconds",
                "0",
                "database",
                "",
                "restart",
                "false"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            o.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        if (o.containsKey("ceilingOnly")) { // the engine's ceiling alone, no server
            ceiling();
            return;
        }
        Path dir = Files.createTempDirectory(Path.of("target"), "batch-bench");
        BenchServer.database = o.get("database");
        int port = BenchServer.freePort();
        server = BenchServer.start(port, o.get("serverHeap"), o.get("serverJvmArgs"), dir);
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
            int warmup = Integer.parseInt(o.get("warmupSeconds"));
            if (rounds > 0) { // rounds=0: the memory run only (e.g. with serverHeap=256m)
                String wideId = upload(base, BenchData.wideCsv(2000, new Random(1)));
                train(
                        base,
                        "{\"name\": \"bench-wide\", \"datasetId\": \"" + wideId + "\", \"model\": "
                                + "{\"hiddenLayers\": [{\"units\": 1024, \"dropout\": 0.5}, {\"units\": 1024, "
                                + "\"dropout\": 0.5}]}, \"training\": {\"epochs\": 1, \"seed\": 1}}");
                if (Boolean.parseBoolean(o.get("restart"))) { // serving models this process did not train
                    server.destroy();
                    server.waitFor();
                    server = BenchServer.start(port, o.get("serverHeap"), o.get("serverJvmArgs"), dir);
                    BenchServer.awaitReady(base, server);
                }
                throughput(
                        base,
                        "bench-digits",
                        BenchData.rows(digits.subList(1, digits.size()), Integer.parseInt(o.get("digitsRows"))),
                        digitsHeader,
                        rounds,
                        warmup);
                List<String> wide =
                        BenchData.wideCsv(2000, new Random(2)).lines().toList();
                throughput(
                        base,
                        "bench-wide",
                        BenchData.rows(wide.subList(1, wide.size()), Integer.parseInt(o.get("wideRows"))),
                        wide.get(0),
                        rounds,
                        warmup);
                ceiling();
            }
            memory(base, digits, Long.parseLong(o.get("memoryRows")));
        } finally {
            server.destroy();
        }
    }

    private static void throughput(
            URI base, String model, List<String> rows, String header, int rounds, int warmupSeconds) throws Exception {
        byte[] csv = BenchData.csv(header, rows).getBytes(StandardCharsets.UTF_8);
        List<String> bodies = BenchData.predictBodies(rows);
        long warmUntil = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        do { // warm-up of both paths: one of each at least, alternating until warmupSeconds have passed
            batch(base, model, csv);
            http(base, model, bodies);
        } while (System.nanoTime() < warmUntil);
        List<Double> batchRates = new ArrayList<>();
        List<Double> httpRates = new ArrayList<>();
        List<Stages> stages = new ArrayList<>();
        List<Double> httpCpu = new ArrayList<>();
        List<Double> httpDatabaseCpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Stages s = batch(base, model, csv);
            stages.add(s);
            batchRates.add(rows.size() / s.total());
            double cpu0 = cpuSeconds();
            double db0 = databaseCpuSeconds();
            httpRates.add(rows.size() / http(base, model, bodies));
            httpCpu.add(cpuSeconds() - cpu0);
            httpDatabaseCpu.add(databaseCpuSeconds() - db0);
            System.out.printf(
                    Locale.ROOT,
                    "{\"model\": \"%s\", \"round\": %d, \"rows\": %d, \"batchRowsPerSecond\": %.0f, "
                            + "\"httpRowsPerSecond\": %.0f, \"uploadSeconds\": %.3f, \"scoreSeconds\": %.3f, "
                            + "\"downloadSeconds\": %.3f, \"serverCpuSeconds\": {\"upload\": %.2f, \"score\": %.2f, "
                            + "\"download\": %.2f, \"http\": %.2f}}%n",
                    model,
                    r,
                    rows.size(),
                    batchRates.get(r),
                    httpRates.get(r),
                    s.upload(),
                    s.score(),
                    s.download(),
                    s.uploadCpu(),
                    s.scoreCpu(),
                    s.downloadCpu(),
                    httpCpu.get(r));
        }
        double b = median(batchRates);
        double h = median(httpRates);
        List<Double> ratios = new ArrayList<>(); // each round's pair, measured one right after the other
        for (int r = 0; r < rounds; r++) {
            ratios.add(batchRates.get(r) / httpRates.get(r));
        }
        System.out.printf(
                Locale.ROOT,
                "SUMMARY %s: batch %.0f rows/s, /predict (1,024-row calls) %.0f rows/s, ratio %.2f (median of the"
                        + " rounds' own ratios %.2f); batch stages (medians, rows/s of each stage alone):"
                        + " upload+parse+store %.0f, queue+score+store %.0f, download %.0f; load average %s%n",
                model,
                b,
                h,
                b / h,
                median(ratios),
                rows.size() / median(stages.stream().map(Stages::upload).toList()),
                rows.size() / median(stages.stream().map(Stages::score).toList()),
                rows.size() / median(stages.stream().map(Stages::download).toList()),
                load());
        System.out.printf(
                Locale.ROOT,
                "SUMMARY %s server CPU per 1,000 rows (medians, ms): batch %.1f (upload %.1f, score %.1f, download"
                        + " %.1f), /predict %.1f; CPU ratio /predict / batch %.2f%n",
                model,
                perThousand(stages.stream().map(Stages::cpu).toList(), rows.size()),
                perThousand(stages.stream().map(Stages::uploadCpu).toList(), rows.size()),
                perThousand(stages.stream().map(Stages::scoreCpu).toList(), rows.size()),
                perThousand(stages.stream().map(Stages::downloadCpu).toList(), rows.size()),
                perThousand(httpCpu, rows.size()),
                median(httpCpu) / median(stages.stream().map(Stages::cpu).toList()));
        if (!httpDatabaseCpu.get(0).isNaN()) {
            System.out.printf(
                    Locale.ROOT,
                    "SUMMARY %s PostgreSQL CPU per 1,000 rows (medians, ms; its processes, not the server's): batch"
                            + " %.1f, /predict %.1f; server + PostgreSQL: batch %.1f, /predict %.1f%n",
                    model,
                    perThousand(stages.stream().map(Stages::databaseCpu).toList(), rows.size()),
                    perThousand(httpDatabaseCpu, rows.size()),
                    perThousand(
                            stages.stream().map(x -> x.cpu() + x.databaseCpu()).toList(), rows.size()),
                    perThousand(
                            java.util.stream.IntStream.range(0, rounds)
                                    .mapToObj(i -> httpCpu.get(i) + httpDatabaseCpu.get(i))
                                    .toList(),
                            rows.size()));
        }
    }

    private static double perThousand(List<Double> seconds, int rows) {
        return median(seconds) * 1e6 / rows;
    }

    /**
     * The server process's CPU time (user + system, all its threads) from {@code /proc}: load-independent, unlike
     * the wall time. NaN where there is no {@code /proc} (clock ticks of 10 ms assumed, Linux's usual).
     */
    private static double cpuSeconds() {
        try {
            return processCpuSeconds(Path.of("/proc/" + server.pid()));
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** User + system CPU seconds of the process {@code /proc/<pid>} (clock ticks of 10 ms). */
    private static double processCpuSeconds(Path process) throws java.io.IOException {
        String stat = Files.readString(process.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /**
     * With {@code database=} a PostgreSQL URL: the CPU time (user + system) of every {@code postgres} process on this
     * machine (the server's connections, and the database's own writer and checkpointer), from {@code /proc}; a
     * process that exits in between (an autovacuum worker) takes its time with it. NaN on H2 or without {@code /proc}.
     */
    private static double databaseCpuSeconds() {
        if (BenchServer.database == null || !BenchServer.database.startsWith("jdbc:postgresql:")) {
            return Double.NaN;
        }
        double seconds = 0;
        try (java.util.stream.Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path p : processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    if (!Files.readString(p.resolve("comm")).strip().equals("postgres")) {
                        continue;
                    }
                    seconds += processCpuSeconds(p);
                } catch (java.io.IOException e) {
                    // exited since the listing
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
        return seconds;
    }

    /**
     * Seconds of one batch: the upload until its 202, then until it has SUCCEEDED, then the result's download; the
     * server's CPU seconds in each; and PostgreSQL's CPU seconds over the whole batch ({@link #databaseCpuSeconds}).
     */
    record Stages(
            double upload,
            double score,
            double download,
            double uploadCpu,
            double scoreCpu,
            double downloadCpu,
            double databaseCpu) {
        double total() {
            return upload + score + download;
        }

        double cpu() {
            return uploadCpu + scoreCpu + downloadCpu;
        }
    }

    private static Stages batch(URI base, String model, byte[] csv) throws Exception {
        double db0 = databaseCpuSeconds();
        double cpu0 = cpuSeconds();
        long start = System.nanoTime();
        HttpResponse<String> submitted = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/batch-predictions?model=" + model))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = check(submitted, 202).path("id").asString();
        long accepted = System.nanoTime();
        long acceptedWall = System.currentTimeMillis();
        double cpu1 = cpuSeconds();
        JsonNode done = awaitBatch(base, id, 0);
        long seen = System.nanoTime();
        double cpu2 = cpuSeconds();
        // the end of scoring is the server's finishedAt (same machine, same clock), not when a poll saw it
        long finished = java.time.OffsetDateTime.parse(done.path("finishedAt").asString())
                .toInstant()
                .toEpochMilli();
        long scored = Math.min(seen, accepted + Math.max(0, finished - acceptedWall) * 1_000_000L);
        long downloadStart = System.nanoTime();
        long lines = download(base, id);
        long end = System.nanoTime();
        double cpu3 = cpuSeconds();
        double db3 = databaseCpuSeconds();
        if (lines < 2) {
            throw new IllegalStateException("empty result");
        }
        return new Stages(
                (accepted - start) / 1e9,
                (scored - accepted) / 1e9,
                (end - downloadStart) / 1e9,
                cpu1 - cpu0,
                cpu2 - cpu1,
                cpu3 - cpu2,
                db3 - db0);
    }

    /**
     * The engine's own inference rate on the reference network 784-1024-1024-10, in this JVM (the server idle): the
     * same {@code Model.predict} call a 1,024-row chunk or {@code /predict} call makes, on the shared inference team
     * with 1 and then 2 of its threads. The ceiling of both paths for the wide model.
     */
    private static void ceiling() throws Exception {
        io.dropwise.engine.Model model = io.dropwise.engine.EngineProbe.referenceModel();
        Random random = new Random(3);
        float[][] rows = new float[1024][784];
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextInt(256);
            }
        }
        java.util.concurrent.ExecutorService pair = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int threads : new int[] {1, 2, -2, 1, 2, -2}) {
                ceiling(model, rows, threads, pair);
            }
        } finally {
            pair.shutdown();
        }
        io.dropwise.engine.EngineProbe.inferenceThreads(2);
    }

    /**
     * One ceiling figure: {@code threads} > 0, one caller on the shared inference team with that many threads (the
     * {@code /predict} call's way); -2, two callers side by side, each predicting alone ({@code Model.predictAlone},
     * a batch's way of scoring its chunks).
     */
    private static void ceiling(
            io.dropwise.engine.Model model, float[][] rows, int threads, java.util.concurrent.ExecutorService pair)
            throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        int callers = threads < 0 ? -threads : 1;
        io.dropwise.engine.EngineProbe.inferenceThreads(Math.max(1, threads));
        java.util.concurrent.Callable<Integer> caller = () -> {
            long t0 = System.nanoTime();
            int calls = 0;
            while (System.nanoTime() - t0 < 1_000_000_000L || calls < 2) {
                if (threads < 0) {
                    model.predictAlone(rows);
                } else {
                    model.predict(rows);
                }
                calls++;
            }
            return calls;
        };
        List<Double> rates = new ArrayList<>();
        List<Double> cpuRates = new ArrayList<>();
        for (int w = -1; w < 5; w++) { // window -1: warm-up
            long t0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            List<java.util.concurrent.Future<Integer>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                running.add(pair.submit(caller));
            }
            int calls = 0;
            for (java.util.concurrent.Future<Integer> f : running) {
                calls += f.get();
            }
            if (w >= 0) {
                rates.add(calls * 1024 / ((System.nanoTime() - t0) / 1e9));
                cpuRates.add(calls * 1024 / ((os.getProcessCpuTime() - cpu0) / 1e9));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "SUMMARY engine ceiling 784-1024-1024-10: %s: %.0f rows/s, %.0f rows per CPU-second = %.1f ms CPU per"
                        + " 1,000 rows (medians of 5 one-second windows; load average %s)%n",
                threads < 0
                        ? "Model.predictAlone of 1,024 rows on 2 threads side by side (a batch's chunks)"
                        : "Model.predict of 1,024 rows on " + threads + " thread(s) of the inference team",
                median(rates),
                median(cpuRates),
                1e6 / median(cpuRates),
                load());
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
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
                        + " peak live after GC %s%n",
                rows,
                lines,
                done.path("status").asString(),
                done.path("inputBytes").asLong(),
                uploaded,
                scored,
                total,
                max >> 20,
                peak.get() >> 20,
                live.get() == 0 ? "not measured (no old-generation collection ran)" : (live.get() >> 20) + " MiB");
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

    /**
     * Polls a batch's status until it has ended: every {@code pollMillis}, or with 0 backing off from 2 ms to 100 ms
     * (each poll costs the server CPU that the scoring stage would count; the stage's end is taken from the status's
     * {@code finishedAt}, so the backoff costs no precision).
     */
    private static JsonNode awaitBatch(URI base, String id, long pollMillis) throws Exception {
        double wait = pollMillis > 0 ? pollMillis : 2;
        while (true) {
            JsonNode batch = JSON.readTree(get(base, "/batch-predictions/" + id));
            String status = batch.path("status").asString();
            if (status.equals("SUCCEEDED")) {
                return batch;
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException(batch.toString());
            }
            Thread.sleep((long) wait);
            if (pollMillis == 0) {
                wait = Math.min(100, wait * 1.5);
            }
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
