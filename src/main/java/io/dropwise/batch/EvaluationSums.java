package io.dropwise.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation sums of some rows: what one output chunk adds (stored with it, so a resumed batch counts every row
 * once) and, added up, the whole batch's. Classification: rows with a known label, correct ones, the log-loss sum
 * ({@code -ln max(p_true, 1e-15)} of the dropout-off probabilities) and the confusion matrix (true × predicted).
 * Regression: squared and absolute errors and the label's sum and sum of squares (for R²). Rows whose label is empty,
 * not a class of the model, or not a number (regression) are counted as {@code skipped}.
 */
final class EvaluationSums {

    static final double MIN_PROBABILITY = 1e-15;

    final int classes;
    long rows;
    long skipped;
    long correct;
    double logLoss;
    double squaredError;
    double absoluteError;
    double sumY;
    double sumY2;
    final long[][] confusion;

    EvaluationSums(int classes) {
        this.classes = classes;
        this.confusion = new long[classes][classes];
    }

    void classified(int trueClass, int predicted, float pTrue) {
        rows++;
        if (trueClass == predicted) {
            correct++;
        }
        logLoss -= Math.log(Math.max(pTrue, MIN_PROBABILITY));
        confusion[trueClass][predicted]++;
    }

    void regressed(double y, double predicted) {
        rows++;
        double e = predicted - y;
        squaredError += e * e;
        absoluteError += Math.abs(e);
        sumY += y;
        sumY2 += y * y;
    }

    void add(EvaluationSums other) {
        rows += other.rows;
        skipped += other.skipped;
        correct += other.correct;
        logLoss += other.logLoss;
        squaredError += other.squaredError;
        absoluteError += other.absoluteError;
        sumY += other.sumY;
        sumY2 += other.sumY2;
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < classes; j++) {
                confusion[i][j] += other.confusion[i][j];
            }
        }
    }

    /** A compact exact text form (doubles as their shortest round-trip decimals). */
    String encode() {
        StringBuilder s = new StringBuilder();
        s.append(classes)
                .append(' ')
                .append(rows)
                .append(' ')
                .append(skipped)
                .append(' ')
                .append(correct);
        for (double d : new double[] {logLoss, squaredError, absoluteError, sumY, sumY2}) {
            s.append(' ').append(d);
        }
        for (long[] row : confusion) {
            for (long c : row) {
                s.append(' ').append(c);
            }
        }
        return s.toString();
    }

    static EvaluationSums decode(String text) {
        String[] parts = text.trim().split(" ");
        EvaluationSums sums = new EvaluationSums(Integer.parseInt(parts[0]));
        sums.rows = Long.parseLong(parts[1]);
        sums.skipped = Long.parseLong(parts[2]);
        sums.correct = Long.parseLong(parts[3]);
        sums.logLoss = Double.parseDouble(parts[4]);
        sums.squaredError = Double.parseDouble(parts[5]);
        sums.absoluteError = Double.parseDouble(parts[6]);
        sums.sumY = Double.parseDouble(parts[7]);
        sums.sumY2 = Double.parseDouble(parts[8]);
        int p = 9;
        for (int i = 0; i < sums.classes; i++) {
            for (int j = 0; j < sums.classes; j++) {
                sums.confusion[i][j] = Long.parseLong(parts[p++]);
            }
        }
        return sums;
    }

    /** The metrics shown in the batch's status. */
    Map<String, Object> metrics(List<String> classNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("skippedRows", skipped);
        if (classNames.isEmpty()) {
            m.put("rmse", rows == 0 ? null : Math.sqrt(squaredError / rows));
            m.put("mae", rows == 0 ? null : absoluteError / rows);
            double total = sumY2 - sumY * sumY / Math.max(rows, 1);
            m.put("r2", rows < 2 || total <= 0 ? null : 1 - squaredError / total);
            return m;
        }
        m.put("accuracy", rows == 0 ? null : (double) correct / rows);
        m.put("logLoss", rows == 0 ? null : logLoss / rows);
        Map<String, Object> matrix = new LinkedHashMap<>();
        matrix.put("labels", classNames);
        matrix.put("counts", confusion);
        m.put("confusionMatrix", matrix);
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            long tp = confusion[k][k];
            long actual = 0;
            long predicted = 0;
            for (int j = 0; j < classes; j++) {
                actual += confusion[k][j];
                predicted += confusion[j][k];
            }
            Double precision = predicted == 0 ? null : (double) tp / predicted;
            Double recall = actual == 0 ? null : (double) tp / actual;
            Double f1 = precision == null || recall == null
                    ? null
                    : precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", classNames.get(k));
            c.put("precision", precision);
            c.put("recall", recall);
            c.put("f1", f1);
            c.put("support", actual);
            perClass.add(c);
        }
        m.put("perClass", perClass);
        return m;
    }
}
