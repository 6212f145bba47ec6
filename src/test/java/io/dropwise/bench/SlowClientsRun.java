package io.dropwise.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A load program, not a test: N connections from this address send their headers and then a body one byte a second
 * (a "slow POST"), reopening whenever the server closes one, while the same address calls {@code /predict} and the
 * liveness probe one request after another; prints the latencies before and during the attack. Loopback only, and
 * bounded: it stops after {@code seconds}.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.dropwise.bench.SlowClientsRun \
 *     baseUrl=http://127.0.0.1:8080 slow=500 seconds=30 model=iris [apiKey=...] [slowPath=/actuator/health]
 * </pre>
 */
public final class SlowClientsRun {

    private SlowClientsRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of(
                "baseUrl",
                "http://127.0.0.1:8080",
                "slow",
                "500",
                "seconds",
                "30",
                "model",
                "iris",
                "slowPath",
                "/actuator/health",
                "apiKey",
                ""));
        Arrays.stream(args).map(s -> s.split("=", 2)).forEach(kv -> a.put(kv[0], kv[1]));
        URI base = URI.create(a.get("baseUrl"));
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        int slow = Integer.parseInt(a.get("slow"));
        long seconds = Long.parseLong(a.get("seconds"));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String predict = "/models/" + a.get("model") + "/predict";
        String body = "{\"instances\":[[5.1,3.5,1.4,0.2]]}";

        System.out.println("baseline (no attack), 50 calls each:");
        report("  predict ", calls(http, base, predict, body, a.get("apiKey"), 50, Long.MAX_VALUE));
        report("  liveness", calls(http, base, "/actuator/health/liveness", null, "", 50, Long.MAX_VALUE));

        SlowPosts attack = new SlowPosts(base, a.get("slowPath"), slow);
        attack.start();
        long attackEnd = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Thread.sleep(3000); // let the slow connections settle in
        System.out.printf(
                "during the attack (%d slow connections open, %d opened so far):%n",
                attack.openCount(), attack.opened());
        List<Long> p = new ArrayList<>();
        List<Long> l = new ArrayList<>();
        int[] failures = new int[1];
        while (System.nanoTime() < attackEnd) {
            p.addAll(calls(http, base, predict, body, a.get("apiKey"), 5, attackEnd, failures));
            l.addAll(calls(http, base, "/actuator/health/liveness", null, "", 5, attackEnd, failures));
        }
        report("  predict ", p);
        report("  liveness", l);
        attack.stop();
        System.out.printf(
                "  failed calls: %d; slow connections opened: %d, closed by the server: %d, "
                        + "answered by the server: %d%n",
                failures[0], attack.opened(), attack.closedByServer(), attack.answered());
    }

    private static List<Long> calls(
            HttpClient http, URI base, String path, String body, String key, int n, long until) {
        return calls(http, base, path, body, key, n, until, new int[1]);
    }

    private static List<Long> calls(
            HttpClient http, URI base, String path, String body, String key, int n, long until, int[] failures) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < n && System.nanoTime() < until; i++) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
            if (!key.isEmpty()) {
                request.header("Authorization", "Bearer " + key);
            }
            if (body != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            }
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    failures[0]++;
                    System.out.println("  " + path + ": " + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                failures[0]++;
                System.out.println("  " + path + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return micros;
            }
            micros.add((System.nanoTime() - start) / 1000);
        }
        return micros;
    }

    private static void report(String what, List<Long> micros) {
        if (micros.isEmpty()) {
            System.out.println(what + ": no calls");
            return;
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "%s: %d calls, p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                what,
                sorted.length,
                sorted[sorted.length / 2] / 1000.0,
                sorted[(int) (sorted.length * 0.95)] / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }

    /** N connections that each send headers, then one body byte a second; a closed one is opened again. */
    private static final class SlowPosts {

        private final URI base;
        private final String path;
        private final Socket[] sockets;
        private volatile boolean running = true;
        private int opened;
        private int closedByServer;
        private int answered;
        private Thread thread;

        SlowPosts(URI base, String path, int n) {
            this.base = base;
            this.path = path;
            this.sockets = new Socket[n];
        }

        void start() {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i] = open();
            }
            thread = new Thread(this::dribble, "slow-posts");
            thread.setDaemon(true);
            thread.start();
        }

        private void dribble() {
            while (running) {
                for (int i = 0; i < sockets.length && running; i++) {
                    Socket s = sockets[i];
                    try {
                        if (s == null) {
                            throw new IOException("not open");
                        }
                        if (s.getInputStream().available() > 0) {
                            synchronized (this) {
                                answered++;
                            }
                            throw new IOException("answered");
                        }
                        s.getOutputStream().write('1');
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        synchronized (this) {
                            closedByServer++;
                        }
                        close(s);
                        sockets[i] = running ? open() : null;
                    }
                }
                sleep(1000);
            }
        }

        private Socket open() {
            try {
                Socket s = new Socket(base.getHost(), base.getPort());
                OutputStream out = s.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: "
                                + "application/json\r\nContent-Length: 100000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                synchronized (this) {
                    opened++;
                }
                return s;
            } catch (IOException e) {
                return null;
            }
        }

        synchronized int opened() {
            return opened;
        }

        synchronized int closedByServer() {
            return closedByServer;
        }

        synchronized int answered() {
            return answered;
        }

        int openCount() {
            return (int) Arrays.stream(sockets)
                    .filter(s -> s != null && !s.isClosed())
                    .count();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5000);
            Arrays.stream(sockets).forEach(SlowPosts::close);
        }

        private static void close(Socket s) {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (IOException ignored) {
                // closing
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
