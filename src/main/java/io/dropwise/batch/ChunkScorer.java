package io.dropwise.batch;

import io.dropwise.engine.McPrediction;
import io.dropwise.prediction.BatchScoring.McSettings;
import io.dropwise.prediction.BatchScoring.Scorer;
import java.util.Arrays;
import java.util.List;

/**
 * Scores one chunk of input rows into result CSV text and evaluation sums: the rows are predicted together, as one
 * {@code /predict} call with these rows (and, with MC dropout, these settings) would be, on the calling thread alone
 * (a batch scores chunks side by side, one per thread), then the result rows are written as CSV text.
 */
final class ChunkScorer {

    private final Scorer scorer;
    private final BatchLayout layout;
    private final McSettings mc;
    private final List<String> classes;
    private final byte[][] labelFields; // per class, its predicted_label field as CSV bytes

    ChunkScorer(Scorer scorer, BatchLayout layout, McSettings mc) {
        this.scorer = scorer;
        this.layout = layout;
        this.mc = mc;
        this.classes = scorer.classes();
        this.labelFields = new byte[classes.size()][];
        for (int k = 0; k < labelFields.length; k++) {
            CsvBytes field = new CsvBytes(16).appendField(classes.get(k));
            labelFields[k] = Arrays.copyOf(field.bytes(), field.length());
        }
    }

    /** The result text of a chunk (UTF-8), and its evaluation sums (null without a label column). */
    record Scored(CsvBytes csv, EvaluationSums sums) {
        /** The chunk's stored form ({@link ChunkCodec#text(byte[], int)}). */
        byte[] packed() {
            return ChunkCodec.text(csv.bytes(), csv.length());
        }
    }

    Scored score(ChunkCodec.InputChunk chunk) {
        float[][] rows = chunk.features();
        return format(chunk.passed(), scorer.predict(rows), mc == null ? null : scorer.monteCarlo(rows, mc));
    }

    private Scored format(List<String[]> records, float[][] out, McPrediction uncertainty) {
        EvaluationSums sums = layout.labelIndex() < 0 ? null : new EvaluationSums(classes.size());
        CsvBytes csv = new CsvBytes(out.length * (16 + 14 * out[0].length * (mc == null ? 1 : 3)));
        for (int r = 0; r < out.length; r++) {
            String[] record = records.get(r);
            boolean first = true;
            for (String field : record) {
                if (!first) {
                    csv.append(',');
                }
                first = false;
                csv.appendField(field);
            }
            if (!first) {
                csv.append(',');
            }
            if (classes.isEmpty()) {
                csv.append(out[r][0]);
                if (uncertainty != null) {
                    csv.append(',').append(uncertainty.mean()[r][0]);
                    csv.append(',').append(uncertainty.std()[r][0]);
                }
                if (sums != null) {
                    regression(sums, record[layout.labelIndex()], out[r][0]);
                }
            } else {
                int best = argmax(out[r]);
                csv.append(labelFields[best]);
                appendAll(csv, out[r]);
                if (uncertainty != null) {
                    appendAll(csv, uncertainty.mean()[r]);
                    appendAll(csv, uncertainty.std()[r]);
                }
                if (sums != null) {
                    int truth = classes.indexOf(record[layout.labelIndex()].trim());
                    if (truth < 0) {
                        sums.skipped++;
                    } else {
                        sums.classified(truth, best, out[r][truth]);
                    }
                }
            }
            csv.append('\n');
        }
        return new Scored(csv, sums);
    }

    private static void regression(EvaluationSums sums, String label, float predicted) {
        double y;
        try {
            y = Double.parseDouble(label.trim());
        } catch (NumberFormatException e) {
            sums.skipped++;
            return;
        }
        if (!Double.isFinite(y)) {
            sums.skipped++;
            return;
        }
        sums.regressed(y, predicted);
    }

    /** The first class with the highest probability, as {@code /predict} picks it. */
    static int argmax(float[] probabilities) {
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return best;
    }

    private static void appendAll(CsvBytes csv, float[] values) {
        for (float v : values) {
            csv.append(',').append(v);
        }
    }
}
