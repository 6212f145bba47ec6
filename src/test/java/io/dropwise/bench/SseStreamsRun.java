package io.dropwise.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measuring program, not a test: what N event streams on one job cost the server. It reads the server's own gauges
 * ({@code /actuator/prometheus}: database connections checked out, live threads, open files, open streams) with no
 * stream, one stream and N streams open, then drops every stream (the sockets are reset, as by a client that
 * vanishes), waits past a heartbeat, and reads them again, with the CLOSE_WAIT sockets of the server's port
 * ({@code /proc/net/tcp}). Loopback only; the job should stay QUEUED (e.g. the queue's workers are busy).
 *
 * <pre>
 * java -cp ... io.dropwise.bench.SseStreamsRun baseUrl=http://127.0.0.1:8080 job=job-... streams=500 seconds=10 \
 *     [apiKey=...] [heartbeatSeconds=15]
 * </pre>
 */
public final class SseStreamsRun {

    private SseStreamsRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of(
                "baseUrl",
                "http://127.0.0.1:8080",
                "streams",
                "500",
                "seconds",
                "10",
                "apiKey",
                "",
                "heartbeatSeconds",
                "15"));
        Arrays.stream(args).map(s -> s.split("=", 2)).forEach(kv -> a.put(kv[0], kv[1]));
        URI base = URI.create(a.get("baseUrl"));
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        String job = a.get("job");
        int n = Integer.parseInt(a.get("streams"));
        long seconds = Long.parseLong(a.get("seconds"));
        String key = a.get("apiKey");
        HttpClient http = HttpClient.newHttpClient();

        System.out.println("before: " + state(http, base, key));
        System.out.printf("0 streams: %s%n", rate(http, base, key, seconds));
        List<Socket> streams = new ArrayList<>();
        streams.add(open(base, job, key));
        System.out.printf("1 stream: %s%n", rate(http, base, key, seconds));
        for (int i = 1; i < n; i++) {
            streams.add(open(base, job, key));
        }
        Thread.sleep(2000);
        System.out.printf("%d streams: %s; %s%n", n, rate(http, base, key, seconds), state(http, base, key));
        for (Socket s : streams) {
            s.setSoLinger(true, 0);
            s.close();
        }
        long wait = Long.parseLong(a.get("heartbeatSeconds")) * 2 + 5;
        System.out.printf("all %d dropped; waiting %d s (two heartbeats)%n", n, wait);
        Thread.sleep(wait * 1000);
        System.out.println("after: " + state(http, base, key) + ", CLOSE_WAIT on port " + base.getPort() + ": "
                + closeWait(base.getPort()));
    }

    private static Socket open(URI base, String job, String key) throws IOException {
        Socket s = new Socket(base.getHost(), base.getPort());
        s.getOutputStream()
                .write(("GET /jobs/" + job + "/events HTTP/1.1\r\nHost: " + base.getHost()
                                + "\r\nAccept: text/event-stream\r\n"
                                + (key.isEmpty() ? "" : "Authorization: Bearer " + key + "\r\n")
                                + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        byte[] head = new byte[12];
        int read = s.getInputStream().read(head);
        String status = new String(head, 0, Math.max(0, read), StandardCharsets.US_ASCII);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("stream refused: " + status);
        }
        return s;
    }

    /** Database connection checkouts per second (all work) and event polls per second (the streams' reads). */
    private static String rate(HttpClient http, URI base, String key, long seconds) throws Exception {
        double checkouts = metric(http, base, key, "hikaricp_connections_usage_seconds_count");
        double polls = metric(http, base, key, "dropwise_events_polls_total");
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return String.format(
                "%.2f connection checkouts/s, %.2f event polls/s",
                (metric(http, base, key, "hikaricp_connections_usage_seconds_count") - checkouts) / elapsed,
                (metric(http, base, key, "dropwise_events_polls_total") - polls) / elapsed);
    }

    private static String state(HttpClient http, URI base, String key) throws Exception {
        return String.format(
                "threads %.0f, open files %.0f, streams %.0f, feeds %.0f",
                metric(http, base, key, "jvm_threads_live_threads"),
                metric(http, base, key, "process_files_open_files"),
                metric(http, base, key, "dropwise_events_streams"),
                metric(http, base, key, "dropwise_events_feeds"));
    }

    private static double metric(HttpClient http, URI base, String key, String name) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/actuator/prometheus"));
        if (!key.isEmpty()) {
            request.header("Authorization", "Bearer " + key);
        }
        String body =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)").matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    /** Sockets in CLOSE_WAIT whose local port is the server's (Linux). */
    private static long closeWait(int port) throws IOException {
        String hexPort = String.format(":%04X ", port);
        long count = 0;
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(file);
            if (Files.exists(path)) {
                count += Files.readAllLines(path).stream()
                        .map(String::trim)
                        .filter(l -> l.split("\\s+").length > 3 && (l.split("\\s+")[1] + " ").endsWith(hexPort))
                        .filter(l -> l.split("\\s+")[3].equals("08"))
                        .count();
            }
        }
        return count;
    }
}
