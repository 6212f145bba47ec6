package io.dropwise.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A program, not a test: parse speed of an upload on a large file, the built-in {@code digits} CSV with its rows
 * repeated ({@code copies=100}: 179,700 rows of 65 columns, 26 MB). Prints one JSON line per figure: the CSV reader
 * alone and the whole {@link DatasetParser} (reader, number parsing, schema, encoding), both from bytes through
 * {@link StrictDecoder}; each the median of {@code runs} after {@code warmup} runs.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dropwise.dataset.CsvParseBenchmark [copies=100] [runs=7] [warmup=3]
 * </pre>
 */
public final class CsvParseBenchmark {

    private CsvParseBenchmark() {}

    public static void main(String[] args) throws IOException {
        int copies = intArg(args, "copies", 100);
        int runs = intArg(args, "runs", 7);
        int warmup = intArg(args, "warmup", 3);
        byte[] csv = repeatedDigits(copies);
        long rows = 0;
        double[] readerSeconds = new double[runs];
        double[] parserSeconds = new double[runs];
        for (int i = -warmup; i < runs; i++) {
            long start = System.nanoTime();
            rows = readAll(reader(csv));
            double reader = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            ParsedDataset parsed = DatasetParser.parse(
                    reader(csv), new DatasetParser.Options("digit", null, Integer.MAX_VALUE, 10_000));
            double parser = (System.nanoTime() - start) / 1e9;
            if (parsed.data().rows() != rows - 1) {
                throw new IllegalStateException(parsed.data().rows() + " rows parsed, " + rows + " records read");
            }
            if (i >= 0) {
                readerSeconds[i] = reader;
                parserSeconds[i] = parser;
            }
        }
        print("csv_reader", csv.length, rows, median(readerSeconds));
        print("dataset_parser", csv.length, rows, median(parserSeconds));
    }

    private static Reader reader(byte[] csv) {
        return new StrictDecoder(new ByteArrayInputStream(csv), StandardCharsets.UTF_8);
    }

    private static long readAll(Reader in) throws IOException {
        CsvReader reader = new CsvReader(in);
        long records = 0;
        for (String[] record = reader.next(); record != null; record = reader.next()) {
            records++;
        }
        return records;
    }

    private static byte[] repeatedDigits(int copies) throws IOException {
        String text;
        try (InputStream in = CsvParseBenchmark.class.getResourceAsStream("/datasets/digits.csv")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int headerEnd = text.indexOf('\n') + 1;
        return (text.substring(0, headerEnd) + text.substring(headerEnd).repeat(copies))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void print(String figure, long bytes, long records, double seconds) {
        System.out.printf(
                "{\"figure\": \"%s\", \"records\": %d, \"megabytes\": %.1f, \"seconds\": %.3f,"
                        + " \"records_per_s\": %.0f, \"mb_per_s\": %.1f}%n",
                figure, records, bytes / 1e6, seconds, records / seconds, bytes / 1e6 / seconds);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
