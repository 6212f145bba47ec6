package io.dropwise.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator of {@link PredictBenchmark}: prepared HTTP/1.1 requests sent over keep-alive connections by one
 * thread per connection (closed loop: each connection sends its next request when the answer has arrived), with the
 * latency of every answered request. Traffic goes only to 127.0.0.1.
 */
final class PredictLoad {

    private static final JsonMapper JSON = JsonMapper.shared();

    private PredictLoad() {}

    /** One endpoint to load: the raw HTTP/1.1 request bytes, sent over keep-alive connections. */
    record Target(String name, int port, byte[] request) {

        Target(String name, int port, String method, String path, String body, String apiKey) {
            this(name, port, request(method, path, body, apiKey, port));
        }

        private static byte[] request(String method, String path, String body, String apiKey, int port) {
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:")
                    .append(port)
                    .append("\r\n")
                    .append("Accept: application/json\r\n");
            if (apiKey != null && !apiKey.isBlank()) {
                head.append("Authorization: Bearer ").append(apiKey).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(payload.length)
                        .append("\r\n");
            }
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(headBytes, headBytes.length + payload.length);
            System.arraycopy(payload, 0, all, headBytes.length, payload.length);
            return all;
        }
    }

    /** Latencies (ns) of one measurement. */
    static final class Result {
        final String name;
        final long[] latencies;
        final long errors;
        final double seconds;
        /** Server CPU time over the run (ns), -1 when unknown. */
        long serverCpuNanos = -1;
        /** This JVM's (the load generator's) CPU time over the run (ns), -1 when unknown. */
        long clientCpuNanos = -1;

        Result(String name, long[] latencies, long errors, double seconds) {
            this.name = name;
            this.latencies = latencies;
            this.errors = errors;
            this.seconds = seconds;
            Arrays.sort(latencies);
        }

        /** Server CPU per answered request (µs), NaN when unknown. */
        double serverCpuUs() {
            return serverCpuNanos < 0 || latencies.length == 0 ? Double.NaN : serverCpuNanos / 1e3 / latencies.length;
        }

        double clientCpuUs() {
            return clientCpuNanos < 0 || latencies.length == 0 ? Double.NaN : clientCpuNanos / 1e3 / latencies.length;
        }

        static Result merge(String name, List<Result> results) {
            long[] all = results.stream()
                    .flatMapToLong(r -> Arrays.stream(r.latencies))
                    .toArray();
            return new Result(
                    name,
                    all,
                    results.stream().mapToLong(r -> r.errors).sum(),
                    results.stream().mapToDouble(r -> r.seconds).sum());
        }

        double rps() {
            return latencies.length / seconds;
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latencies.length - 1, Math.ceil(p / 100 * latencies.length) - 1);
            return latencies[Math.max(0, index)] / 1e6;
        }

        String json(String server, String phase, int connections, int round) {
            Map<String, Object> m = new TreeMap<>();
            m.put("event", "measurement");
            m.put("server", server);
            m.put("phase", phase);
            m.put("connections", connections);
            m.put("endpoint", name);
            m.put("round", round);
            m.put("requests", latencies.length);
            m.put("errors", errors);
            m.put("rps", round1(rps()));
            m.put("p50Ms", round3(percentileMs(50)));
            m.put("p99Ms", round3(percentileMs(99)));
            if (serverCpuNanos >= 0) {
                m.put("serverCpuUsPerRequest", round1(serverCpuUs()));
            }
            m.put("clientCpuUsPerRequest", round1(clientCpuUs()));
            return JSON.writeValueAsString(m);
        }
    }

    /** Loads {@code target} from {@code connections} connections for {@code seconds}. */
    static Result run(Target target, int connections, int seconds, java.util.function.LongSupplier serverCpu)
            throws InterruptedException {
        long serverBefore = serverCpu.getAsLong();
        long clientBefore = PredictServer.cpuNanos(ProcessHandle.current().pid());
        Result result = run(target, connections, seconds);
        long serverAfter = serverCpu.getAsLong();
        long clientAfter = PredictServer.cpuNanos(ProcessHandle.current().pid());
        if (serverBefore >= 0 && serverAfter >= 0) {
            result.serverCpuNanos = serverAfter - serverBefore;
        }
        if (clientBefore >= 0 && clientAfter >= 0) {
            result.clientCpuNanos = clientAfter - clientBefore;
        }
        return result;
    }

    static Result run(Target target, int connections, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long[][] perConnection = new long[connections][];
        int[] counts = new int[connections];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int id = c;
            Thread thread = new Thread(
                    () -> {
                        long[] latencies = new long[1 << 14];
                        int n = 0;
                        Client client = null;
                        try {
                            while (System.nanoTime() < deadline) {
                                if (client == null) {
                                    client = new Client(target.port());
                                }
                                long t0 = System.nanoTime();
                                int status;
                                try {
                                    status = client.exchange(target.request());
                                } catch (IOException e) {
                                    errors.incrementAndGet();
                                    client.close();
                                    client = null;
                                    continue;
                                }
                                long t1 = System.nanoTime();
                                if (client.closed()) {
                                    client.close();
                                    client = null;
                                }
                                if (status != 200) {
                                    errors.incrementAndGet();
                                    continue;
                                }
                                if (n == latencies.length) {
                                    latencies = Arrays.copyOf(latencies, n * 2);
                                }
                                latencies[n++] = t1 - t0;
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        } finally {
                            if (client != null) {
                                client.close();
                            }
                            perConnection[id] = latencies;
                            counts[id] = n;
                            done.countDown();
                        }
                    },
                    "load-" + target.name() + "-" + c);
            thread.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(perConnection[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        return new Result(target.name(), all, errors.get(), elapsed);
    }

    /** One exchange, for checking a target before loading it: the status and the body. */
    static String once(Target target) throws IOException {
        Client client = new Client(target.port());
        client.keepBody = true;
        try {
            int status = client.exchange(target.request());
            return status + " " + new String(client.lastBody, StandardCharsets.UTF_8);
        } finally {
            client.close();
        }
    }

    /** A minimal HTTP/1.1 keep-alive client: writes a prepared request, reads one response (length or chunked). */
    static final class Client {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;
        private boolean closed;
        private byte[] lastBody = new byte[0];
        private boolean keepBody;

        Client(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = readLine();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (long size = Long.parseLong(readLine().trim(), 16);
                        size > 0;
                        size = Long.parseLong(readLine().trim(), 16)) {
                    skip(size, body);
                    readLine();
                }
                readLine();
            } else if (length > 0) {
                skip(length, body);
            }
            lastBody = body.toByteArray();
            closed = close;
            return status;
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (start == end) {
                    fill();
                }
                byte b = buffer[start++];
                if (b == '\n') {
                    int len = line.length();
                    return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
                }
                line.append((char) b);
            }
        }

        private void skip(long count, java.io.ByteArrayOutputStream body) throws IOException {
            while (count > 0) {
                if (start == end) {
                    fill();
                }
                int n = (int) Math.min(count, end - start);
                if (keepBody && body.size() < 4096) {
                    body.write(buffer, start, n);
                }
                start += n;
                count -= n;
            }
        }

        private void fill() throws IOException {
            start = 0;
            end = in.read(buffer);
            if (end <= 0) {
                end = 0;
                throw new IOException("connection closed");
            }
        }

        /** The server said {@code Connection: close} (Tomcat does after max-keep-alive-requests): reconnect. */
        boolean closed() {
            return closed;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a benchmark connection: nothing to do
            }
        }
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
