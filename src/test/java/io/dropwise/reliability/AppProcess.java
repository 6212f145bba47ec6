package io.dropwise.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application started as a separate JVM from the test runtime classpath, so that it can be killed for real
 * ({@link #kill()} is SIGKILL on Linux, {@link #terminate()} SIGTERM). Its output goes to a log file.
 */
final class AppProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started on port[s()]*:? (\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final String name;
    private final Process process;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    private AppProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code io.dropwise.DropwiseApplication} with the given properties and waits until it serves HTTP. */
    static AppProcess start(String name, Path workDir, Map<String, String> properties) throws IOException {
        AppProcess app = launch(name, workDir, properties);
        app.awaitStarted();
        return app;
    }

    /** Starts the JVM without waiting: several instances boot in parallel; then {@link #awaitStarted()}. */
    static AppProcess launch(String name, Path workDir, Map<String, String> properties) throws IOException {
        return launch(name, workDir, properties, "384m");
    }

    /** {@link #start} with a given maximum heap ({@code -Xmx}). */
    static AppProcess start(String name, Path workDir, Map<String, String> properties, String maxHeap)
            throws IOException {
        AppProcess app = launch(name, workDir, properties, maxHeap);
        app.awaitStarted();
        return app;
    }

    private static AppProcess launch(String name, Path workDir, Map<String, String> properties, String maxHeap)
            throws IOException {
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // "1g -Xlog:gc:file=gc.log": a heap and further JVM options
        command.add("-Xmx" + maxHeap.split(" ")[0]);
        command.addAll(List.of(maxHeap.split(" ")).subList(1, maxHeap.split(" ").length));
        command.addAll(List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.dropwise.DropwiseApplication",
                "--server.port=0",
                // a checkpoint every checkpointEveryEpochs epochs, as the crash tests expect (a property below wins)
                "--dropwise.training.checkpoint-interval=0"));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new AppProcess(name, process, log);
    }

    void awaitStarted() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(log());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start within " + START_TIMEOUT + ":\n" + tail());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no checkpoint, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful shutdown path. Returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not stop within " + timeout + " after SIGTERM:\n" + tail());
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    String tail() throws IOException {
        String all = log();
        return all.substring(Math.max(0, all.length() - 6000));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return http.send(
                request(path)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
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
