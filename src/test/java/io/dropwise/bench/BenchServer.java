package io.dropwise.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The application as a separate JVM for {@link BatchBenchmark}: H2 in a file under {@code dir}, 127.0.0.1; or, with
 * {@link #database} set, the {@code postgres} profile on that database (API keys off, as in the embedded default).
 */
final class BenchServer {

    /**
     * A PostgreSQL JDBC URL, or empty for H2; set by a program's {@code database=} argument. The user is
     * {@code postgres} unless {@code PGUSER} names another, the password {@code PGPASSWORD} or none. The database must
     * exist; in an empty one Flyway creates the tables.
     */
    static String database = "";

    private BenchServer() {}

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code heap} empty: the JVM's default maximum heap. */
    static Process start(int port, String heap, Path dir) throws IOException {
        return start(port, heap, "", dir, System.getProperty("java.class.path"));
    }

    /**
     * {@code jvmArgs}: more JVM options separated by spaces (e.g.
     * {@code -XX:StartFlightRecording=filename=target/server.jfr}), or empty.
     */
    static Process start(int port, String heap, String jvmArgs, Path dir) throws IOException {
        return start(port, heap, jvmArgs, dir, System.getProperty("java.class.path"));
    }

    /** {@link #start(int, String, Path)} from another build's classpath (an A/B of two builds). */
    static Process start(int port, String heap, Path dir, String classpath) throws IOException {
        return start(port, heap, "", dir, classpath);
    }

    private static Process start(int port, String heap, String jvmArgs, Path dir, String classpath) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (!heap.isBlank()) {
            command.add("-Xmx" + heap);
        }
        for (String arg : jvmArgs.trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                command.add(arg);
            }
        }
        command.addAll(List.of(
                "-cp",
                classpath,
                "io.dropwise.DropwiseApplication",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--logging.level.root=WARN"));
        if (database.isBlank()) {
            command.add("--spring.datasource.url=jdbc:h2:file:"
                    + dir.resolve("bench").toAbsolutePath() + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE");
        } else {
            command.addAll(List.of(
                    "--spring.profiles.active=postgres",
                    "--spring.datasource.url=" + database,
                    "--spring.datasource.username=" + System.getenv().getOrDefault("PGUSER", "postgres"),
                    "--spring.datasource.password=" + System.getenv().getOrDefault("PGPASSWORD", ""),
                    "--dropwise.security.enabled=false"));
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.to(dir.resolve("server.log").toFile()))
                .start();
    }

    static void awaitReady(URI base, Process server) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see its server.log");
            }
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(base.resolve("/v2/health/ready"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(base + " was not ready within 10 minutes");
    }
}
