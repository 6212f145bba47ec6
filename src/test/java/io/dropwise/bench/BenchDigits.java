package io.dropwise.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@link PredictBenchmark}: the built-in {@code digits} (8×8 pixels, 0–16) as they are ({@code width}
 * 64), or each image resized bilinearly to 28×28 and scaled to 0–1 ({@code width} 784: an MNIST-sized row of
 * fractions such as {@code 0.41964287}, what a client sends for a normalized image).
 */
final class BenchDigits {

    private BenchDigits() {}

    /** Every row: {@code width} features, then the label. */
    static List<float[]> rows(int width) throws IOException {
        if (width != 64 && width != 784) {
            throw new IllegalArgumentException("width is 64 (digits as they are) or 784 (digits at 28x28)");
        }
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader reader = PredictServer.digitsCsv()) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                float[] row = new float[cells.length];
                for (int j = 0; j < cells.length; j++) {
                    row[j] = Float.parseFloat(cells[j]);
                }
                rows.add(width == 64 ? row : resized(row));
            }
        }
        return rows;
    }

    /** An 8×8 image (and its label) at 28×28, bilinear, scaled to 0–1. */
    private static float[] resized(float[] row) {
        float[] out = new float[28 * 28 + 1];
        double scale = 7.0 / 27.0;
        for (int i = 0; i < 28; i++) {
            double y = i * scale;
            int y0 = Math.min(6, (int) y);
            double fy = y - y0;
            for (int j = 0; j < 28; j++) {
                double x = j * scale;
                int x0 = Math.min(6, (int) x);
                double fx = x - x0;
                double top = row[y0 * 8 + x0] * (1 - fx) + row[y0 * 8 + x0 + 1] * fx;
                double bottom = row[(y0 + 1) * 8 + x0] * (1 - fx) + row[(y0 + 1) * 8 + x0 + 1] * fx;
                out[i * 28 + j] = (float) ((top * (1 - fy) + bottom * fy) / 16);
            }
        }
        out[28 * 28] = row[64];
        return out;
    }

    /** The rows as a CSV with a header ({@code p0..p<width-1>,digit}). */
    static byte[] csv(List<float[]> rows) {
        int width = rows.get(0).length - 1;
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < width; j++) {
            csv.append('p').append(j).append(',');
        }
        csv.append("digit\n");
        for (float[] row : rows) {
            for (int j = 0; j < width; j++) {
                csv.append(number(row[j])).append(',');
            }
            csv.append((int) row[width]).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A predict body with the features of {@code row} as one positional instance. */
    static String predictBody(float[] row) {
        StringBuilder body = new StringBuilder("{\"instances\":[[");
        for (int j = 0; j < row.length - 1; j++) {
            body.append(j == 0 ? "" : ",").append(number(row[j]));
        }
        return body.append("]]}").toString();
    }

    /** As a client's JSON library writes a float ({@code 0.0}, {@code 0.41964287}). */
    private static String number(float v) {
        return Float.toString(v);
    }
}
