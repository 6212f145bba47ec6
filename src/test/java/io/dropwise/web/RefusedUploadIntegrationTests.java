package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads refused while most of their body is still to come, against the real server. The server does not read the
 * rest (it closes the connection instead), and closing a socket with unread bytes sends a reset, not an orderly end.
 * So the refusal must say how long it is ({@code Content-Length}) and that the connection ends ({@code Connection:
 * close}): a client then has the whole problem without waiting for an end that arrives as a reset. Each case here
 * announces 50 MB, sends the head of it and reads the answer by its length alone.
 */
class RefusedUploadIntegrationTests extends IntegrationTest {

    private static final int ANNOUNCED = 50_000_000;

    @Test
    void aBatchForAnUnknownModelIsRefusedWithItsLength() throws IOException {
        String rows = "id,x\n" + "a,1\n".repeat(16_000);
        Answer answer = refuse("/batch-predictions?model=no-such-model", "text/csv", rows);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("type").asString()).endsWith("/model-not-found");
    }

    @Test
    void aDatasetWhoseCsvBreaksEarlyIsRefusedWithItsLength() throws IOException {
        String rows = "a,b,label\n1,2,x\n3,4,5,6\n" + "1,2,x\n".repeat(10_000);
        Answer answer = refuse("/datasets?name=broken&labelColumn=label", "text/csv", rows);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("type").asString()).endsWith("/invalid-csv");
    }

    @Test
    void aJobBodyOverTheLimitIsRefusedWithItsLength() throws IOException {
        Answer answer = refuse("/jobs", "application/json", "{\"datasetId\":\"" + "x".repeat(60_000));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body().path("type").asString()).endsWith("/payload-too-large");
    }

    /** The answer's status, headers (lower-case names) and problem body. */
    private record Answer(int status, Map<String, String> headers, JsonNode body) {}

    /** Announces {@link #ANNOUNCED} bytes, sends {@code head} of them, and reads the answer by its Content-Length. */
    private Answer refuse(String path, String contentType, String head) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            String request = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + ANNOUNCED + "\r\n\r\n" + head;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            List<String> lines = headLines(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            assertThat(headers)
                    .as("the refusal of %s: %s", path, lines)
                    .containsEntry("connection", "close")
                    .containsKey("content-length");
            assertThat(headers.get("content-type")).startsWith("application/problem+json");
            byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            return new Answer(status, headers, JsonMapper.shared().readTree(body));
        }
    }

    /** The status line and header lines, up to the empty line. */
    private static List<String> headLines(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended within the answer's head: " + head);
            }
            head.write(b);
        }
        return List.of(head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n"));
    }
}
