package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their body slowly, against the real server: the server answers 408 problem+json and closes the
 * connection, whether the body stops arriving or keeps dribbling in; a body sent at once is served as usual.
 */
class SlowClientIntegrationTests extends IntegrationTest {

    @Test
    void aBodyThatStopsArrivingIs408AndTheConnectionIsClosed() throws Exception {
        try (Socket socket = socket()) {
            send(socket, head("/models/iris/predict", 100) + "{\"instances\"");
            String response = readToEnd(socket, 0);
            assertThat(response)
                    .startsWith("HTTP/1.1 408")
                    .contains("application/problem+json")
                    .contains("\"type\":\"https://dropwise.io/problems/request-timeout\"");
        }
    }

    @Test
    void aDribblingBodyIs408AndTheConnectionIsClosed() throws Exception {
        try (Socket socket = socket()) {
            send(socket, head("/jobs", 100_000) + "{");
            // one byte every 500 ms, far below dropwise.server.min-body-rate: cut at its deadline, not at the end
            String response = readToEnd(socket, 500);
            assertThat(response).startsWith("HTTP/1.1 408").contains("request-timeout");
        }
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void aBodySentAtOnceIsServed() throws Exception {
        String job = "{\"datasetId\":\"iris\",\"training\":{\"epochs\":1}}";
        try (Socket socket = socket()) {
            send(socket, head("/jobs", job.length()).replace("Connection: keep-alive", "Connection: close") + job);
            assertThat(readToEnd(socket, 0)).startsWith("HTTP/1.1 202");
        }
    }

    @Test
    void aConnectionIsReusableAfterABodyRefusedWhole() throws Exception {
        try (Socket socket = socket()) {
            String refused = "POST /jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 5\r\n\r\nhello";
            send(
                    socket,
                    refused + "GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\n"
                            + "Connection: close\r\n\r\n");
            // the body came whole with the request: the refusal keeps the connection, the next request is answered
            String both = readToEnd(socket, 0);
            assertThat(both).startsWith("HTTP/1.1 415").contains("HTTP/1.1 200");
        }
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static String head(String path, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Connection: keep-alive\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads until the server closes the connection, sending a byte every {@code dribbleMillis} (0: none). */
    private static String readToEnd(Socket socket, int dribbleMillis) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        if (dribbleMillis > 0) {
            socket.setSoTimeout(dribbleMillis);
        }
        byte[] buffer = new byte[4096];
        for (int i = 0; i < 240; ) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                i++;
                try {
                    out.write('1');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                continue;
            } catch (IOException reset) {
                break;
            }
            if (n < 0) {
                break;
            }
            received.write(buffer, 0, n);
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
