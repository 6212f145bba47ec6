package io.dropwise.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A webhook receiver on 127.0.0.1 for tests (JDK {@code HttpServer}): records every request and answers each path
 * with scripted statuses (200 once the script is used up). {@link #verify} is the README's verification recipe.
 * A test class that wants a fresh receiver per test declares
 * {@code @RegisterExtension final WebhookReceiver receiver = WebhookReceiver.perTest();} (JUnit makes a test instance
 * per test, and closes the receiver after it); a single test uses try-with-resources.
 */
public final class WebhookReceiver implements AutoCloseable, AfterEachCallback {

    /** One request as received, with the status it was answered (0: never answered). */
    public record Received(String path, Map<String, List<String>> headers, byte[] body, int answered) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> holding = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** A started receiver, for a {@code @RegisterExtension} field: closed after the test. */
    public static WebhookReceiver perTest() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** The URL of {@code path} on this receiver, e.g. {@code http://127.0.0.1:1234/hooks/a}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers the next requests to {@code path} with these statuses, in order; 200 afterwards. */
    public void script(String path, Integer... statuses) {
        scripts.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    /** The first request to {@code path} is held unanswered until {@link #release}: a delivery in flight. */
    public void hold(String path) {
        holds.put(path, new CountDownLatch(1));
    }

    /** Lets a held request go unanswered (its connection closed) and waits until it is recorded. */
    public void release(String path) {
        CountDownLatch latch = holds.remove(path);
        if (latch != null) {
            latch.countDown();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (holding.containsKey(path) && System.nanoTime() < deadline) {
            IntegrationTest.sleep(20);
        }
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests to {@code path} (arrived, answered or not). */
    public int arrived(String path) {
        return received(path).size() + (holding.containsKey(path) ? 1 : 0);
    }

    /** Waits until {@code count} requests to {@code path} arrived; fails after {@code timeout}. */
    public void await(String path, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (arrived(path) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "expected " + count + " requests to " + path + " within " + timeout + ", got " + arrived(path));
            }
            IntegrationTest.sleep(50);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
        CountDownLatch hold = holds.get(path);
        if (hold != null) {
            holding.put(path, true);
            try {
                hold.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(new Received(path, headers, body, 0));
            holding.remove(path);
            exchange.close();
            return;
        }
        Deque<Integer> script = scripts.get(path);
        Integer scripted = script == null ? null : script.poll();
        int status = scripted == null ? 200 : scripted;
        received.add(new Received(path, headers, body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /**
     * The README's recipe: HMAC-SHA256 with the secret's UTF-8 bytes over {@code <timestamp>.<raw body>}, hex, with a
     * {@code v1=} prefix, compared in constant time with {@code Dropwise-Webhook-Signature}; the timestamp at most 5
     * minutes off.
     */
    public static boolean verify(Received request, String secret) {
        try {
            String timestamp = request.header("Dropwise-Webhook-Timestamp");
            String signature = request.header("Dropwise-Webhook-Signature");
            if (timestamp == null || signature == null) {
                return false;
            }
            if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
            return MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        server.stop(0);
    }
}
