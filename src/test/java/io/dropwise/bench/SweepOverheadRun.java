package io.dropwise.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A measuring program, not a test: the overhead of a sweep against the same jobs submitted by hand. A 3 × 3-fold
 * grid over the dropout rate on {@code digits} ({@code refit: false}) against the same 9 jobs (same specs, a
 * 1/3 validation split instead of a fold) submitted by hand with the same concurrency: {@code concurrency}
 * trials' jobs in flight, the next trial's 3 jobs submitted when a trial's last job ends (with
 * {@code concurrency=3} both queue all 9 at once). Wall time from the first request to the last job's end, A and B
 * alternated {@code rounds} times; prints each pair and the median ratio.
 *
 * <pre>
 * java -cp ... io.dropwise.bench.SweepOverheadRun baseUrl=http://127.0.0.1:8080 rounds=5 concurrency=3 epochs=10
 * </pre>
 */
public final class SweepOverheadRun {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final double[] RATES = {0, 0.25, 0.5};
    private static final int FOLDS = 3;

    private SweepOverheadRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(
                Map.of("baseUrl", "http://127.0.0.1:8080", "rounds", "5", "concurrency", "3", "epochs", "10"));
        Arrays.stream(args).map(s -> s.split("=", 2)).forEach(kv -> a.put(kv[0], kv[1]));
        URI base = URI.create(a.get("baseUrl"));
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        int rounds = Integer.parseInt(a.get("rounds"));
        int concurrency = Integer.parseInt(a.get("concurrency"));
        int epochs = Integer.parseInt(a.get("epochs"));
        HttpClient http = HttpClient.newHttpClient();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double sweep = r % 2 == 0 ? sweep(http, base, concurrency, epochs) : Double.NaN;
            double hand = byHand(http, base, concurrency, epochs);
            if (r % 2 == 1) {
                sweep = sweep(http, base, concurrency, epochs);
            }
            ratios.add(sweep / hand);
            System.out.printf("round %d: sweep %.2f s, by hand %.2f s, ratio %.3f%n", r + 1, sweep, hand, sweep / hand);
        }
        double[] sorted =
                ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("median ratio sweep / by hand: %.3f over %d rounds%n", sorted[sorted.length / 2], rounds);
    }

    private static String base(double rate, int epochs, double validationFraction) {
        return """
                {"datasetId": "digits", "model": {"inputDropout": 0, "hiddenLayers": [{"units": 64, "dropout": %s}]},
                 "training": {"epochs": %d, "seed": 5, "earlyStopping": {"patience": 0},
                              "checkpointEveryEpochs": 5, "validationFraction": %s}}""".formatted(rate, epochs, validationFraction);
    }

    private static double sweep(HttpClient http, URI base, int concurrency, int epochs) throws Exception {
        String body = """
                {"base": %s, "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.25, 0.5]}},
                 "validation": {"folds": 3, "seed": 1}, "refit": false, "maxConcurrentTrials": %d}""".formatted(base(0, epochs, 0.2), concurrency);
        long start = System.nanoTime();
        String id = post(http, base, "/sweeps", body).get("id").asString();
        while (!Set.TERMINAL.contains(
                get(http, base, "/sweeps/" + id).get("status").asString())) {
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double byHand(HttpClient http, URI base, int concurrency, int epochs) throws Exception {
        long start = System.nanoTime();
        List<List<String>> trials = new ArrayList<>();
        int next = 0;
        while (true) {
            long inFlight = 0;
            for (List<String> trial : trials) {
                boolean open = false;
                for (String job : trial) {
                    open |= !Set.TERMINAL.contains(
                            get(http, base, "/jobs/" + job).get("status").asString());
                }
                inFlight += open ? 1 : 0;
            }
            if (next == RATES.length && inFlight == 0) {
                return (System.nanoTime() - start) / 1e9;
            }
            while (next < RATES.length && inFlight < concurrency) {
                List<String> jobs = new ArrayList<>();
                for (int f = 0; f < FOLDS; f++) {
                    jobs.add(post(http, base, "/jobs", base(RATES[next], epochs, 1.0 / FOLDS))
                            .get("id")
                            .asString());
                }
                trials.add(jobs);
                next++;
                inFlight++;
            }
            Thread.sleep(20);
        }
    }

    private static JsonNode post(HttpClient http, URI base, String path, String body) throws Exception {
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

    private static JsonNode get(HttpClient http, URI base, String path) throws Exception {
        return JSON.readTree(http.send(
                        HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private static final class Set {
        static final java.util.Set<String> TERMINAL = java.util.Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    }
}
