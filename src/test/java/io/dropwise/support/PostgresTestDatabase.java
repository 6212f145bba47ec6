package io.dropwise.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL that tests run against, one per JVM, in a fresh schema:
 *
 * <ol>
 *   <li>{@code TEST_PG_URL} (with {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}) names a server: a schema
 *       {@code it_<random>} is created there and dropped when the JVM exits ({@code .ci/run} points these at the
 *       local server);
 *   <li>otherwise, when Docker is available, a Testcontainers {@code postgres:15-alpine};
 *   <li>otherwise the tests fail with a message saying what to set when {@code CI=true}, and are skipped (reported
 *       as skipped, with the same message on stderr) outside CI.
 * </ol>
 *
 * Use it through {@link PostgresIntegrationTest}, or {@code @ExtendWith(PostgresTestDatabase.Available.class)} and
 * {@link #get()}.
 */
public final class PostgresTestDatabase {

    static final String MISSING = "No PostgreSQL for the PostgreSQL tests: set TEST_PG_URL (e.g. "
            + "jdbc:postgresql://127.0.0.1:5432/test) with TEST_PG_USER and TEST_PG_PASSWORD, start Docker "
            + "(Testcontainers), or run .ci/run, which starts the local server and sets them.";

    private static PostgresTestDatabase instance;
    private static Boolean dockerAvailable;

    public final String jdbcUrl;
    public final String username;
    public final String password;
    public final String schema;
    /** Where the database came from: {@code TEST_PG_URL} or {@code testcontainers}. */
    public final String source;

    private PostgresTestDatabase(String jdbcUrl, String username, String password, String schema, String source) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.schema = schema;
        this.source = source;
    }

    /** The database of this JVM, created on first use. */
    public static synchronized PostgresTestDatabase get() {
        if (instance == null) {
            String url = env("TEST_PG_URL");
            if (url != null) {
                instance = fromServer(url, envOr("TEST_PG_USER", "postgres"), envOr("TEST_PG_PASSWORD", ""));
            } else if (dockerAvailable()) {
                instance = fromTestcontainers();
            } else {
                throw new IllegalStateException(MISSING);
            }
        }
        return instance;
    }

    /** True when {@link #get()} can provide a database without failing. */
    public static boolean available() {
        return env("TEST_PG_URL") != null || dockerAvailable();
    }

    private static PostgresTestDatabase fromServer(String url, String user, String password) {
        String schema = "it_" + HexFormat.of().formatHex(randomBytes());
        execute(url, user, password, "CREATE SCHEMA " + schema);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> dropSchema(url, user, password, schema), "drop-test-schema"));
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new PostgresTestDatabase(withSchema, user, password, schema, "TEST_PG_URL");
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM exits
    private static PostgresTestDatabase fromTestcontainers() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
        container.start();
        String schema = "it_" + HexFormat.of().formatHex(randomBytes());
        execute(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "CREATE SCHEMA " + schema);
        String url = container.getJdbcUrl();
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new PostgresTestDatabase(
                withSchema, container.getUsername(), container.getPassword(), schema, "testcontainers");
    }

    private static void dropSchema(String url, String user, String password, String schema) {
        try {
            execute(url, user, password, "SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (RuntimeException e) {
            System.err.println("Could not drop test schema " + schema + ": " + e.getMessage());
        }
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " as " + user + ": " + e.getMessage(), e);
        }
    }

    private static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            try {
                dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                dockerAvailable = false;
            }
        }
        return dockerAvailable;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Runs PostgreSQL tests when a database is available; in CI ({@code CI=true}) always, so that a missing database
     * fails them instead of skipping them; elsewhere skips them loudly.
     */
    public static final class Available implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (available()) {
                return ConditionEvaluationResult.enabled("PostgreSQL available");
            }
            if (inCi()) {
                return ConditionEvaluationResult.enabled("CI=true: PostgreSQL tests must run (and will fail)");
            }
            System.err.println("WARNING: PostgreSQL tests SKIPPED. " + MISSING);
            return ConditionEvaluationResult.disabled("SKIPPED (not in CI). " + MISSING);
        }
    }
}
