package io.dropwise.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The question sweeps answer: on 300 rows of {@code digits} (two hidden layers of 512, Adam, up to 120 epochs, early
 * stopping on validation accuracy), 3-fold cross-validation over the hidden layers' dropout rate picks a non-zero
 * rate, and its refit beats the no-dropout trial's refit (made the sweep's way: every row, its folds' median best
 * epoch) in accuracy on the 1497 rows neither saw. Seed 11 (the default): dropout 0.5 chosen (CV 0.9400 ± 0.0082
 * against 0.9267 ± 0.0047 without), held-out accuracy 0.9552 against 0.9519. This is one seed's result, not a law:
 * with {@code -DsweepDropoutSeed=12} the sweep picks 0.25 and loses by 0.0026 in accuracy (wins in log loss), with 13
 * it picks no dropout; at 100 rows per fold the trials' CV scores differ by about one fold row.
 */
class SweepDropoutIntegrationTests extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int TRAIN_ROWS = 300;
    private static final int HELD_OUT_ROWS = 1497;
    private static final long SEED = Long.getLong("sweepDropoutSeed", 11);

    @Test
    void crossValidationPicksDropoutAndItsRefitBeatsNoDropoutOnHeldOutRows() throws IOException {
        List<String> lines = digits();
        String header = lines.get(0);
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(rows, new Random(2026));
        List<String> train = rows.subList(0, TRAIN_ROWS);
        List<String> heldOut = rows.subList(TRAIN_ROWS, TRAIN_ROWS + HELD_OUT_ROWS);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Api.Response upload = api.send(
                "POST",
                "/datasets?name=digits300-" + suffix + "&labelColumn=digit",
                "text/csv",
                header + "\n" + String.join("\n", train) + "\n",
                Map.of());
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        String datasetId = upload.json().get("id").asString();

        String name = "digits-rate-" + suffix;
        String id = SweepScenarios.submit(api, """
                {"name": "%s",
                 "base": {"datasetId": "%s",
                          "model": {"inputDropout": 0,
                                    "hiddenLayers": [{"units": 512, "dropout": 0}, {"units": 512, "dropout": 0}]},
                          "training": {"epochs": 120, "batchSize": 32, "l2": 0, "seed": %d,
                                       "checkpointEveryEpochs": 40,
                                       "optimizer": {"type": "adam", "learningRate": 0.001},
                                       "earlyStopping": {"patience": 25, "metric": "validationAccuracy"}}},
                 "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.25, 0.5]}},
                 "validation": {"folds": 3, "seed": 1},
                 "objective": "validationAccuracy",
                 "maxConcurrentTrials": 3}""".formatted(name, datasetId, SEED));
        JsonNode sweep = SweepScenarios.await(api, id, TIMEOUT);
        System.out.println("Sweep " + id + " (300 rows of digits):\n" + SweepScenarios.table(sweep));
        assertThat(sweep.get("status").asString()).as(sweep.toString()).isEqualTo("SUCCEEDED");
        double chosen =
                sweep.at("/best/params").get("model.hiddenLayers[*].dropout").asDouble();
        assertThat(chosen).as("the rate cross-validation picked").isGreaterThan(0);

        // the no-dropout trial's refit, made the way the sweep makes its own: every row, its folds' median best epoch
        JsonNode noDropout = sweep.get("trials").get(0);
        List<Integer> bestEpochs = new ArrayList<>();
        noDropout.get("folds").forEach(f -> bestEpochs.add(f.get("bestEpoch").asInt()));
        Collections.sort(bestEpochs);
        JsonNode foldJob =
                api.get("/jobs/" + noDropout.at("/folds/0/jobId").asString()).json();
        ObjectNode spec = (ObjectNode) foldJob.get("spec").deepCopy();
        spec.put("name", name + "-no-dropout");
        ((ObjectNode) spec.get("training")).put("validationFraction", 0.0).put("epochs", bestEpochs.get(1));
        Api.Response baseline = api.postJson("/jobs", JSON.writeValueAsString(spec));
        assertThat(baseline.status()).as(baseline.toString()).isEqualTo(202);
        JsonNode baselineJob = api.awaitJob(baseline.json().get("id").asString(), TIMEOUT, "SUCCEEDED", "FAILED");
        assertThat(baselineJob.get("status").asString()).isEqualTo("SUCCEEDED");

        double[] best = evaluate(name, sweep.at("/model/version").asInt(), heldOut);
        double[] none = evaluate(name + "-no-dropout", 1, heldOut);
        System.out.printf(
                "Held-out %d rows: refit of the chosen rate %.2f: accuracy %.4f, log loss %.4f; "
                        + "refit of dropout 0: accuracy %.4f, log loss %.4f%n",
                HELD_OUT_ROWS, chosen, best[0], best[1], none[0], none[1]);
        assertThat(best[0])
                .as("held-out accuracy (the objective), chosen rate vs no dropout")
                .isGreaterThan(none[0]);
    }

    /** Held-out accuracy and log loss of a model version (predicted in calls of at most 1000 rows). */
    private double[] evaluate(String model, int version, List<String> rows) {
        int correct = 0;
        double logLoss = 0;
        for (int from = 0; from < rows.size(); from += 1000) {
            List<String> chunk = rows.subList(from, Math.min(rows.size(), from + 1000));
            StringBuilder instances = new StringBuilder("{\"instances\": [");
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                String[] cells = chunk.get(i).split(",");
                labels.add(cells[cells.length - 1]);
                instances.append(i == 0 ? "" : ",").append('[');
                instances.append(String.join(",", java.util.Arrays.copyOf(cells, cells.length - 1)));
                instances.append(']');
            }
            instances.append("]}");
            Api.Response response =
                    api.postJson("/models/" + model + "/versions/" + version + "/predict", instances.toString());
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode predictions = response.json().get("predictions");
            for (int i = 0; i < chunk.size(); i++) {
                JsonNode p = predictions.get(i);
                correct += p.get("label").asString().equals(labels.get(i)) ? 1 : 0;
                logLoss -= Math.log(
                        Math.max(1e-7, p.get("probabilities").get(labels.get(i)).asDouble()));
            }
        }
        return new double[] {(double) correct / rows.size(), logLoss / rows.size()};
    }

    private static List<String> digits() throws IOException {
        try (InputStream in = new ClassPathResource("datasets/digits.csv").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
