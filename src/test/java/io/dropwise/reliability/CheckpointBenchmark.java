package io.dropwise.reliability;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * A program, not a test: the figures of docs/operations.md ("Checkpoint storage"). Starts the application with
 * {@code -Xmx1g} (the default budget: 0.6 of the heap shared by 2 concurrent jobs) on H2 in a temporary directory, or
 * on PostgreSQL when a JDBC URL is given; submits issue 10's two jobs and the largest of a few candidate networks the
 * budget accepts; times its checkpoint writes, kills the JVM, restarts it and times the read on resume; prints the
 * peak heap occupancy from the GC log.
 *
 * <pre>./mvnw -q test-compile exec:java ... or: java -cp target/test-classes:target/classes:$(deps) \
 *   io.dropwise.reliability.CheckpointBenchmark [jdbc:postgresql://127.0.0.1:5432/bench user password]</pre>
 */
public final class CheckpointBenchmark {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern STORED =
            Pattern.compile("checkpoint \\d+ stored, (\\d+) bytes in (\\d+) chunks, (\\d+) ms");
    private static final Pattern READ =
            Pattern.compile("Checkpoint \\d+ read, (\\d+) bytes in (\\d+) chunks, (\\d+) ms");
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private CheckpointBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("dropwise-checkpoint-bench");
        Map<String, String> properties = new HashMap<>(Map.of(
                "spring.main.banner-mode", "off",
                "logging.level.io.dropwise.training.CheckpointStore", "DEBUG",
                "db-scheduler.heartbeat-interval", "1s",
                "db-scheduler.missed-heartbeats-limit", "4",
                "db-scheduler.polling-interval", "500ms"));
        if (args.length > 0) {
            properties.put("spring.datasource.url", args[0]);
            properties.put("spring.datasource.username", args[1]);
            properties.put("spring.datasource.password", args.length > 2 ? args[2] : "");
        } else {
            properties.put(
                    "spring.datasource.url",
                    "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                            + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        }
        String job;
        try (AppProcess a = AppProcess.start("bench-a", dir, properties, "1g -Xlog:gc:file=gc-a.log")) {
            report("issue job 1, digits [4096, 4096, 2048] adam", submit(a, "digits", List.of(4096, 4096, 2048), 5));
            report("issue job 2, digits [2048, 2048] adam", submit(a, "digits", List.of(2048, 2048), 5));
            a.post("/jobs/" + lastId + "/cancel", "application/json", "");
            String dataset = JSON.readTree(a.post("/datasets?name=wide&labelColumn=label", "text/csv", csv())
                            .body())
                    .path("id")
                    .asString();
            job = null;
            for (List<Integer> layers : List.of(
                    List.of(2048, 2048, 2048),
                    List.of(2048, 2048, 1536),
                    List.of(2048, 2048, 1024),
                    List.of(2048, 2048, 512),
                    List.of(2048, 2048))) {
                HttpResponse<String> r = submit(a, dataset, layers, 6);
                report("candidate " + layers + " adam", r);
                if (r.statusCode() == 202) {
                    job = lastId;
                    break;
                }
            }
            while (STORED.matcher(a.log()).results().count() < 3) {
                AppProcess.sleep(200);
            }
            a.kill();
            STORED.matcher(a.log())
                    .results()
                    .forEach(m -> System.out.printf(
                            "write: %,d bytes, %s chunks, %s ms%n",
                            Long.parseLong(m.group(1)), m.group(2), m.group(3)));
        }
        try (AppProcess b = AppProcess.start("bench-b", dir, properties, "1g -Xlog:gc:file=gc-b.log")) {
            while (!JSON.readTree(b.get("/jobs/" + job).body())
                    .path("status")
                    .asString()
                    .equals("SUCCEEDED")) {
                AppProcess.sleep(500);
            }
            READ.matcher(b.log())
                    .results()
                    .forEach(m -> System.out.printf(
                            "read on resume: %,d bytes, %s chunks, %s ms%n",
                            Long.parseLong(m.group(1)), m.group(2), m.group(3)));
            System.out.println("job after kill and resume: "
                    + JSON.readTree(b.get("/jobs/" + job).body()).path("status").asString());
            b.terminate(Duration.ofSeconds(60));
        }
        for (String log : List.of("gc-a.log", "gc-b.log")) {
            int peak = 0;
            Matcher m = GC.matcher(Files.readString(dir.resolve(log)));
            while (m.find()) {
                peak = Math.max(peak, Integer.parseInt(m.group(1)));
            }
            System.out.println(log + ": peak heap occupancy before a collection " + peak + " MB");
        }
        System.out.println("work directory: " + dir);
    }

    private static String lastId;

    private static HttpResponse<String> submit(AppProcess app, String dataset, List<Integer> layers, int epochs)
            throws Exception {
        StringBuilder hidden = new StringBuilder();
        for (int units : layers) {
            hidden.append(hidden.isEmpty() ? "" : ", ")
                    .append("{\"units\": ")
                    .append(units)
                    .append('}');
        }
        HttpResponse<String> r = app.post("/jobs", "application/json", """
                {"datasetId": "%s", "model": {"hiddenLayers": [%s]},
                 "training": {"epochs": %d, "batchSize": 16, "checkpointEveryEpochs": 1, "seed": 3,
                              "optimizer": {"type": "adam", "learningRate": 0.001},
                              "earlyStopping": {"patience": 0}}}""".formatted(dataset, hidden, epochs));
        lastId = r.statusCode() == 202 ? JSON.readTree(r.body()).path("id").asString() : null;
        return r;
    }

    private static void report(String what, HttpResponse<String> r) {
        System.out.println(what + ": " + r.statusCode() + (r.statusCode() == 202 ? "" : " " + r.body()));
    }

    /** digits' shape (64 features, 10 classes) with 40 rows: the same checkpoints, quick epochs. */
    private static String csv() {
        StringBuilder csv = new StringBuilder();
        for (int f = 0; f < 64; f++) {
            csv.append('f').append(f).append(',');
        }
        csv.append("label\n");
        Random random = new Random(1);
        for (int row = 0; row < 40; row++) {
            for (int f = 0; f < 64; f++) {
                csv.append(random.nextInt(17)).append(',');
            }
            csv.append("c").append(row % 10).append('\n');
        }
        return csv.toString();
    }
}
