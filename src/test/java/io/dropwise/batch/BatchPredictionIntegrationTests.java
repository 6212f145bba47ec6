package io.dropwise.batch;

import static io.dropwise.batch.BatchTestSupport.await;
import static io.dropwise.batch.BatchTestSupport.irisCsv;
import static io.dropwise.batch.BatchTestSupport.result;
import static io.dropwise.batch.BatchTestSupport.submitOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.prediction.ServingTestBase;
import io.dropwise.prediction.TrainedModels;
import io.dropwise.support.Api;
import io.dropwise.training.ThreadShares;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch answers exactly as {@code /predict} does, row for row: labels and probabilities bit for bit, Monte-Carlo
 * dropout too (each 1,024-row chunk is one {@code /predict} call of those rows with the batch's seed), with
 * categorical columns, passed-through ids and labels, and a version pinned when the batch was accepted; and the
 * result's text of each value is the text of {@code /predict}'s JSON.
 */
class BatchPredictionIntegrationTests extends ServingTestBase {

    @Autowired
    private ThreadShares shares;

    @Autowired
    private JsonMapper json;

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void irisBatchEqualsPredictForEveryRowWithIdsPassedThroughAndAClashRenamed() {
        String name = uniqueName("batch-iris");
        register(name, TrainedModels.irisDropout(datasets));
        String csv = withColumn(irisCsv(2100), "p_setosa", "clash");
        String id = submitOk(api, "model=" + name, csv);
        JsonNode batch = await(api, id, TIMEOUT);
        assertThat(batch.path("status").asString()).as(batch.toString()).isEqualTo("SUCCEEDED");
        assertThat(batch.path("rows").asLong()).isEqualTo(2100);
        assertThat(batch.path("rowsDone").asLong()).isEqualTo(2100);
        assertThat(batch.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(batch.path("model").path("version").asInt()).isEqualTo(1);

        List<String[]> rows = result(api, id);
        assertThat(rows.get(0))
                .containsExactly(
                        "id",
                        "species",
                        "p_setosa_input",
                        "predicted_label",
                        "p_setosa",
                        "p_versicolor",
                        "p_virginica");
        assertThat(rows).hasSize(2101);
        List<String> input = csv.lines().skip(1).toList();
        for (int from = 0; from < 2100; from += 1024) {
            int to = Math.min(2100, from + 1024);
            JsonNode predictions = predict(name, null, input.subList(from, to), null);
            for (int r = from; r < to; r++) {
                String[] row = rows.get(1 + r);
                JsonNode p = predictions.get(r - from);
                assertThat(row[0]).isEqualTo("r" + r);
                assertThat(row[2]).isEqualTo("clash");
                assertThat(row[3]).as("row %d", r).isEqualTo(p.path("label").asString());
                for (int k = 0; k < 3; k++) {
                    String cls = rows.get(0)[4 + k].substring(2);
                    assertThat(Float.parseFloat(row[4 + k]))
                            .as("row %d p_%s", r, cls)
                            .isEqualTo(exactFloat(p.path("probabilities").path(cls)));
                }
            }
        }
    }

    @Test
    void aBatchOnAOneCoreShareTakesTurnsAndWritesTheSameResult() {
        String name = uniqueName("batch-turns");
        register(name, TrainedModels.irisDropout(datasets));
        String csv = irisCsv(5000);
        String overlapped = resultText(submitOk(api, "model=" + name, csv));
        List<ThreadShares.Share> others = new ArrayList<>();
        try {
            // as many other jobs as cores: the batch's share is one thread, so its stages take turns
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                others.add(shares.join("other-" + i, 1));
            }
            assertThat(resultText(submitOk(api, "model=" + name, csv))).isEqualTo(overlapped);
        } finally {
            others.forEach(ThreadShares.Share::close);
        }
    }

    private String resultText(String id) {
        assertThat(await(api, id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        Api.Response result = api.get("/batch-predictions/" + id + "/result");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().lines().count()).isEqualTo(5001);
        return result.body();
    }

    @Test
    void monteCarloBatchEqualsPredictCallsOfEach1024RowChunkWithTheSameSeed() {
        String name = uniqueName("batch-mc");
        register(name, TrainedModels.irisDropout(datasets));
        String csv = irisCsv(2100);
        String id = submitOk(api, "model=" + name + "&mcSamples=20&mcSeed=7", csv);
        JsonNode batch = await(api, id, TIMEOUT);
        assertThat(batch.path("status").asString()).as(batch.toString()).isEqualTo("SUCCEEDED");
        assertThat(batch.path("mcDropout").path("samples").asInt()).isEqualTo(20);
        List<String[]> rows = result(api, id);
        List<String> header = Arrays.asList(rows.get(0));
        List<String> input = csv.lines().skip(1).toList();
        int differentFromFirstChunk = 0;
        for (int from = 0; from < 2100; from += 1024) {
            int to = Math.min(2100, from + 1024);
            JsonNode predictions = predict(name, null, input.subList(from, to), "{\"samples\": 20, \"seed\": 7}");
            for (int r = from; r < to; r++) {
                JsonNode u = predictions.get(r - from).path("uncertainty");
                for (String cls : List.of("setosa", "versicolor", "virginica")) {
                    float mean = Float.parseFloat(rows.get(1 + r)[header.indexOf("mean_" + cls)]);
                    float std = Float.parseFloat(rows.get(1 + r)[header.indexOf("std_" + cls)]);
                    assertThat(mean)
                            .as("row %d mean_%s", r, cls)
                            .isEqualTo(exactFloat(u.path("mean").path(cls)));
                    assertThat(std)
                            .as("row %d std_%s", r, cls)
                            .isEqualTo(exactFloat(u.path("std").path(cls)));
                    if (r >= 1024 && std != Float.parseFloat(rows.get(1 + r - 1024)[header.indexOf("std_" + cls)])) {
                        differentFromFirstChunk++;
                    }
                }
            }
        }
        // rows 1024.. repeat rows 0.. of iris only every 150: the same seed, other rows, other masks
        assertThat(differentFromFirstChunk).isPositive();
    }

    @Test
    void theResultWritesEveryProbabilityMeanAndStdAsPredictsJsonWritesIt() {
        String name = uniqueName("batch-text");
        register(name, TrainedModels.irisDropout(datasets));
        String csv = irisCsv(1024); // one chunk: one /predict call with the batch's seed
        String id = submitOk(api, "model=" + name + "&mcSamples=5&mcSeed=11", csv);
        assertThat(await(api, id, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        List<String[]> rows = result(api, id);
        StringJoiner instances = new StringJoiner(",", "[", "]");
        csv.lines()
                .skip(1)
                .forEach(line ->
                        instances.add("[" + String.join(",", Arrays.copyOfRange(line.split(","), 1, 5)) + "]"));
        Response response = postJson(
                "/models/" + name + "/predict",
                "{\"instances\": " + instances + ", \"mcDropout\": {\"samples\": 5, \"seed\": 11}}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, String> texts = numberTexts(response.body());
        String[] header = rows.get(0);
        int compared = 0;
        for (int r = 0; r < 1024; r++) {
            for (int c = 0; c < header.length; c++) {
                String pointer = header[c].startsWith("p_")
                        ? "/predictions/" + r + "/probabilities/" + header[c].substring(2)
                        : header[c].startsWith("mean_") || header[c].startsWith("std_")
                                ? "/predictions/" + r + "/uncertainty/" + header[c].replace('_', '/')
                                : null;
                if (pointer != null) {
                    assertThat(rows.get(1 + r)[c]).as("row %d %s", r, header[c]).isEqualTo(texts.get(pointer));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(1024 * 9);
    }

    @Test
    void theApplicationsMapperWritesTheShortestTextAsTheResultCsvDoes() {
        // JDK 17's Float.toString writes 1.18846831E13 for this float (and Jackson without the fast writer too)
        StringBuilder csv = new StringBuilder();
        FloatTextTests.append(csv, 1.18846831E13f);
        assertThat(json.writeValueAsString(1.18846831E13f))
                .isEqualTo("1.1884683E13")
                .isEqualTo(csv.toString());
    }

    /** Every number of a JSON text as written, by its JSON pointer. */
    private static Map<String, String> numberTexts(String json) {
        Map<String, String> texts = new HashMap<>();
        try (JsonParser parser = JsonMapper.shared().createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric()) {
                    texts.put(parser.streamReadContext().pathAsPointer().toString(), parser.getString());
                }
            }
        }
        return texts;
    }

    @Test
    void categoricalColumnsClassificationAndRegressionEqualPredict() {
        String classifier = uniqueName("batch-sizes");
        register(classifier, CategoricalModels.sizes());
        String regressor = uniqueName("batch-price");
        register(regressor, TrainedModels.mixedRegression());
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("color,id,size,fit,price\n");
        List<String> objects = new ArrayList<>();
        for (int r = 0; r < 1500; r++) {
            String color = CategoricalModels.COLORS.get(random.nextInt(3));
            String size = Float.toString((float) (random.nextDouble() * 10));
            csv.append(color)
                    .append(",\"id, ")
                    .append(r)
                    .append("\",")
                    .append(size)
                    .append(",")
                    .append(r % 7 == 0 ? "" : random.nextBoolean() ? "big" : "small")
                    .append(",")
                    .append(random.nextDouble() * 20)
                    .append('\n');
            objects.add("{\"size\": " + size + ", \"color\": \"" + color + "\"}");
        }
        String classified = submitOk(api, "model=" + classifier + "&mcSamples=10&mcSeed=3", csv.toString());
        String regressed = submitOk(api, "model=" + regressor + "&mcSamples=10&mcSeed=3", csv.toString());
        assertThat(await(api, classified, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(await(api, regressed, TIMEOUT).path("status").asString()).isEqualTo("SUCCEEDED");

        List<String[]> c = result(api, classified);
        assertThat(c.get(0))
                .as("features are not passed through")
                .containsExactly(
                        "id",
                        "fit",
                        "price",
                        "predicted_label",
                        "p_big",
                        "p_small",
                        "mean_big",
                        "mean_small",
                        "std_big",
                        "std_small");
        List<String[]> v = result(api, regressed);
        assertThat(v.get(0)).containsExactly("id", "fit", "price", "predicted_value", "mean_value", "std_value");
        for (int from = 0; from < 1500; from += 1024) {
            int to = Math.min(1500, from + 1024);
            String mc = "{\"samples\": 10, \"seed\": 3}";
            JsonNode pc = predictObjects(classifier, objects.subList(from, to), mc);
            JsonNode pv = predictObjects(regressor, objects.subList(from, to), mc);
            for (int r = from; r < to; r++) {
                String[] rc = c.get(1 + r);
                JsonNode p = pc.get(r - from);
                JsonNode u = p.path("uncertainty");
                assertThat(rc[0]).isEqualTo("id, " + r);
                assertThat(rc[3]).isEqualTo(p.path("label").asString());
                assertThat(Float.parseFloat(rc[4]))
                        .isEqualTo(exactFloat(p.path("probabilities").path("big")));
                assertThat(Float.parseFloat(rc[5]))
                        .isEqualTo(exactFloat(p.path("probabilities").path("small")));
                assertThat(Float.parseFloat(rc[6]))
                        .isEqualTo(exactFloat(u.path("mean").path("big")));
                assertThat(Float.parseFloat(rc[7]))
                        .isEqualTo(exactFloat(u.path("mean").path("small")));
                assertThat(Float.parseFloat(rc[8]))
                        .isEqualTo(exactFloat(u.path("std").path("big")));
                assertThat(Float.parseFloat(rc[9]))
                        .isEqualTo(exactFloat(u.path("std").path("small")));
                String[] rv = v.get(1 + r);
                JsonNode q = pv.get(r - from);
                assertThat(rv[0]).isEqualTo("id, " + r);
                assertThat(Float.parseFloat(rv[3])).as("row %d", r).isEqualTo(exactFloat(q.path("value")));
                assertThat(Float.parseFloat(rv[4]))
                        .isEqualTo(exactFloat(q.path("uncertainty").path("mean")));
                assertThat(Float.parseFloat(rv[5]))
                        .isEqualTo(exactFloat(q.path("uncertainty").path("std")));
            }
        }
    }

    @Test
    void theVersionIsPinnedWhenTheBatchIsAccepted() {
        String name = uniqueName("batch-pin");
        register(name, TrainedModels.irisDropout(datasets));
        assertThat(putJson("/models/" + name + "/aliases/champion", "{\"version\": 1}")
                        .status())
                .isEqualTo(200);
        String csv = irisCsv(150);
        String id = submitOk(api, "model=" + name + "&version=champion", csv);
        register(name, TrainedModels.irisPlain(datasets));
        assertThat(putJson("/models/" + name + "/aliases/champion", "{\"version\": 2}")
                        .status())
                .isEqualTo(200);
        JsonNode batch = await(api, id, TIMEOUT);
        assertThat(batch.path("model").path("version").asInt()).isEqualTo(1);
        List<String[]> rows = result(api, id);
        JsonNode v1 = predict(name, "1", csv.lines().skip(1).toList(), null);
        JsonNode v2 = predict(name, "2", csv.lines().skip(1).toList(), null);
        int differsFromV2 = 0;
        for (int r = 0; r < 150; r++) {
            assertThat(Float.parseFloat(rows.get(1 + r)[3]))
                    .isEqualTo(exactFloat(v1.get(r).path("probabilities").path("setosa")));
            if (Float.parseFloat(rows.get(1 + r)[3])
                    != exactFloat(v2.get(r).path("probabilities").path("setosa"))) {
                differsFromV2++;
            }
        }
        assertThat(differsFromV2).isPositive();
    }

    /** {@code /predict} with the feature values of iris batch lines ({@code id,f1..f4,species}) as arrays. */
    private JsonNode predict(String name, String version, List<String> lines, String mc) {
        StringJoiner instances = new StringJoiner(",", "[", "]");
        for (String line : lines) {
            String[] f = line.split(",");
            instances.add("[" + String.join(",", Arrays.copyOfRange(f, 1, 5)) + "]");
        }
        return call(name, version, instances.toString(), mc);
    }

    private JsonNode predictObjects(String name, List<String> objects, String mc) {
        return call(name, null, "[" + String.join(",", objects) + "]", mc);
    }

    private JsonNode call(String name, String version, String instances, String mc) {
        String path = version == null
                ? "/models/" + name + "/predict"
                : "/models/" + name + "/versions/" + version + "/predict";
        Response response =
                postJson(path, "{\"instances\": " + instances + (mc == null ? "" : ", \"mcDropout\": " + mc) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return read(response).path("predictions");
    }

    private static String withColumn(String csv, String name, String value) {
        StringBuilder out = new StringBuilder();
        List<String> lines = csv.lines().toList();
        out.append(lines.get(0)).append(',').append(name).append('\n');
        lines.stream()
                .skip(1)
                .forEach(l -> out.append(l).append(',').append(value).append('\n'));
        return out.toString();
    }
}
