package io.dropwise.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Building batch inputs, submitting them and reading results, for the batch tests. */
final class BatchTestSupport {

    private BatchTestSupport() {}

    /** The built-in iris CSV's lines (header first). */
    static List<String> irisLines() {
        try (InputStream in = BatchTestSupport.class.getResourceAsStream("/datasets/iris.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code rows} iris rows (cycling through the 150) with an {@code id} column first ({@code r0}, {@code r1}, …) and
     * the species label last.
     */
    static String irisCsv(int rows) {
        List<String> lines = irisLines();
        StringBuilder csv = new StringBuilder("id,").append(lines.get(0)).append('\n');
        for (int r = 0; r < rows; r++) {
            csv.append('r').append(r).append(',').append(lines.get(1 + r % 150)).append('\n');
        }
        return csv.toString();
    }

    static Api.Response submit(Api api, String query, String csv) {
        return api.send("POST", "/batch-predictions?" + query, "text/csv", csv, Map.of());
    }

    static String submitOk(Api api, String query, String csv) {
        Api.Response response = submit(api, query, csv);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String id = response.json().path("id").asString();
        assertThat(response.header("Location")).contains("/batch-predictions/" + id);
        return id;
    }

    static JsonNode await(Api api, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode batch;
        do {
            Api.Response response = api.get("/batch-predictions/" + id);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            batch = response.json();
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED")
                    .contains(batch.path("status").asString())) {
                return batch;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("batch " + id + " did not end within " + timeout + ": " + batch);
    }

    /** The result CSV as records (header first). */
    static List<String[]> result(Api api, String id) {
        Api.Response response = api.get("/batch-predictions/" + id + "/result");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        return parse(response.body());
    }

    /** RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks. */
    static List<String[]> parse(String text) {
        List<String[]> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields.toArray(String[]::new));
                fields.clear();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(fields.toArray(String[]::new));
        }
        return records;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
