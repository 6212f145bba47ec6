package io.dropwise.batch;

import static io.dropwise.batch.BatchTestSupport.await;
import static io.dropwise.batch.BatchTestSupport.irisCsv;
import static io.dropwise.batch.BatchTestSupport.result;
import static io.dropwise.batch.BatchTestSupport.submitOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dropwise.prediction.ServingTestBase;
import io.dropwise.prediction.TrainedModels;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The evaluation in a batch's status equals a recomputation from its own result CSV, computed independently here. */
class BatchEvaluationIntegrationTests extends ServingTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void classificationMetricsEqualARecomputationFromTheResult() {
        String name = uniqueName("eval-iris");
        register(name, TrainedModels.irisDropout(datasets));
        // 2,100 labelled rows over three chunks, one with a label the model does not know, one without a label
        String csv = irisCsv(2100) + "x1,5.0,3.4,1.5,0.2,daisy\nx2,6.1,2.8,4.7,1.2,\n";
        String id = submitOk(api, "model=" + name, csv);
        JsonNode batch = await(api, id, TIMEOUT);
        assertThat(batch.path("status").asString()).as(batch.toString()).isEqualTo("SUCCEEDED");
        JsonNode e = batch.path("evaluation");

        List<String[]> rows = result(api, id);
        List<String> header = Arrays.asList(rows.get(0));
        List<String> classes = List.of("setosa", "versicolor", "virginica");
        long[][] confusion = new long[3][3];
        long n = 0;
        long correct = 0;
        long skipped = 0;
        double logLoss = 0;
        for (String[] row : rows.subList(1, rows.size())) {
            String truth = row[header.indexOf("species")];
            int t = classes.indexOf(truth);
            if (t < 0) {
                skipped++;
                continue;
            }
            int p = classes.indexOf(row[header.indexOf("predicted_label")]);
            n++;
            correct += t == p ? 1 : 0;
            confusion[t][p]++;
            logLoss += -Math.log(Math.max(1e-15, Float.parseFloat(row[header.indexOf("p_" + truth)])));
        }
        assertThat(n).isEqualTo(2100);
        assertThat(e.path("rows").asLong()).isEqualTo(2100);
        assertThat(e.path("skippedRows").asLong()).isEqualTo(skipped).isEqualTo(2);
        assertThat(e.path("accuracy").asDouble()).isEqualTo((double) correct / n);
        assertThat(e.path("logLoss").asDouble()).isCloseTo(logLoss / n, within(1e-12));
        assertThat(e.path("confusionMatrix").path("labels").toString())
                .isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
        for (int k = 0; k < 3; k++) {
            long actual = 0;
            long predicted = 0;
            for (int j = 0; j < 3; j++) {
                assertThat(e.path("confusionMatrix")
                                .path("counts")
                                .get(k)
                                .get(j)
                                .asLong())
                        .isEqualTo(confusion[k][j]);
                actual += confusion[k][j];
                predicted += confusion[j][k];
            }
            double precision = (double) confusion[k][k] / predicted;
            double recall = (double) confusion[k][k] / actual;
            JsonNode c = e.path("perClass").get(k);
            assertThat(c.path("class").asString()).isEqualTo(classes.get(k));
            assertThat(c.path("precision").asDouble()).isEqualTo(precision);
            assertThat(c.path("recall").asDouble()).isEqualTo(recall);
            assertThat(c.path("f1").asDouble()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-15));
            assertThat(c.path("support").asLong()).isEqualTo(actual);
        }
        assertThat((double) correct / n).as("a trained model").isGreaterThan(0.8);
    }

    @Test
    void regressionMetricsEqualARecomputationFromTheResult() {
        String name = uniqueName("eval-price");
        register(name, TrainedModels.mixedRegression());
        Random random = new Random(9);
        StringBuilder csv = new StringBuilder("id,size,color,price\n");
        for (int r = 0; r < 1300; r++) {
            double size = random.nextDouble() * 10;
            int color = random.nextInt(3);
            double price = 2 * size + new double[] {0, 3, -2}[color] + 0.3 * random.nextGaussian();
            csv.append(r)
                    .append(',')
                    .append(size)
                    .append(',')
                    .append(List.of("red", "green", "blue").get(color))
                    .append(',')
                    .append(r == 5 ? "n/a" : Double.toString(price))
                    .append('\n');
        }
        String id = submitOk(api, "model=" + name, csv.toString());
        JsonNode batch = await(api, id, TIMEOUT);
        assertThat(batch.path("status").asString()).as(batch.toString()).isEqualTo("SUCCEEDED");
        JsonNode e = batch.path("evaluation");

        List<String[]> rows = result(api, id);
        assertThat(rows.get(0)).containsExactly("id", "price", "predicted_value");
        double sse = 0;
        double sae = 0;
        double sum = 0;
        long n = 0;
        for (String[] row : rows.subList(1, rows.size())) {
            if (row[1].equals("n/a")) {
                continue;
            }
            double y = Double.parseDouble(row[1]);
            double err = Float.parseFloat(row[2]) - y;
            sse += err * err;
            sae += Math.abs(err);
            sum += y;
            n++;
        }
        double mean = sum / n;
        double sst = 0;
        for (String[] row : rows.subList(1, rows.size())) {
            if (!row[1].equals("n/a")) {
                sst += Math.pow(Double.parseDouble(row[1]) - mean, 2);
            }
        }
        assertThat(e.path("rows").asLong()).isEqualTo(n).isEqualTo(1299);
        assertThat(e.path("skippedRows").asLong()).isEqualTo(1);
        assertThat(e.path("rmse").asDouble()).isCloseTo(Math.sqrt(sse / n), within(1e-9));
        assertThat(e.path("mae").asDouble()).isCloseTo(sae / n, within(1e-9));
        assertThat(e.path("r2").asDouble()).isCloseTo(1 - sse / sst, within(1e-9));
        assertThat(e.path("r2").asDouble()).as("a trained model").isGreaterThan(0.9);
    }

    @Test
    void withoutTheLabelColumnThereIsNoEvaluation() {
        String name = uniqueName("eval-none");
        register(name, TrainedModels.irisPlain(datasets));
        String id = submitOk(
                api,
                "model=" + name,
                "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n" + "5.1,3.5,1.4,0.2\n");
        JsonNode batch = await(api, id, TIMEOUT);
        assertThat(batch.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(batch.path("evaluation").isNull() || batch.path("evaluation").isMissingNode())
                .isTrue();
        assertThat(result(api, id).get(0))
                .containsExactly("predicted_label", "p_setosa", "p_versicolor", "p_virginica");
    }
}
