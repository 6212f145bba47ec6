package io.dropwise.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Inputs for {@link BatchBenchmark}: digits rows, a synthetic 784-column dataset, CSV and JSON bodies. */
final class BenchData {

    private BenchData() {}

    static List<String> digitsLines() {
        try (InputStream in = BenchData.class.getResourceAsStream("/datasets/digits.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code rows} rows of 784 pixel values (0-255) and a label (class of the mean brightness band). */
    static String wideCsv(int rows, Random random) {
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < 784; j++) {
            csv.append("px").append(j).append(',');
        }
        csv.append("label\n");
        for (int r = 0; r < rows; r++) {
            int band = random.nextInt(10);
            for (int j = 0; j < 784; j++) {
                csv.append(Math.min(255, band * 25 + random.nextInt(30))).append(',');
            }
            csv.append("c").append(band).append('\n');
        }
        return csv.toString();
    }

    /** {@code count} data lines cycling through {@code lines}. */
    static List<String> rows(List<String> lines, int count) {
        List<String> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            rows.add(lines.get(r % lines.size()));
        }
        return rows;
    }

    /** A batch CSV: an {@code id} column, then the dataset's columns (the label passes through). */
    static String csv(String header, List<String> rows) {
        StringBuilder csv = new StringBuilder("id,").append(header).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            csv.append(r).append(',').append(rows.get(r)).append('\n');
        }
        return csv.toString();
    }

    /** {@code /predict} bodies of 1,024 instances each: the feature values (every column but the last) as arrays. */
    static List<String> predictBodies(List<String> rows) {
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += 1024) {
            StringBuilder body = new StringBuilder("{\"instances\": [");
            for (int r = from; r < Math.min(rows.size(), from + 1024); r++) {
                String line = rows.get(r);
                body.append(r > from ? ",[" : "[")
                        .append(line, 0, line.lastIndexOf(','))
                        .append(']');
            }
            bodies.add(body.append("]}").toString());
        }
        return bodies;
    }

    /** A CSV of {@code rows} data rows made while it is read: never in memory as a whole. */
    static InputStream generated(String header, List<String> lines, long rows) {
        return new InputStream() {
            private byte[] current = ("id," + header + "\n").getBytes(StandardCharsets.UTF_8);
            private int pos;
            private long next;

            private boolean fill() {
                while (pos == current.length) {
                    if (next >= rows) {
                        return false;
                    }
                    current = (next + "," + lines.get((int) (next % lines.size())) + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                    next++;
                }
                return true;
            }

            @Override
            public int read() {
                return fill() ? current[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
