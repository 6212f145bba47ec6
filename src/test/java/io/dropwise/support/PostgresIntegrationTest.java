package io.dropwise.support;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link IntegrationTest} on PostgreSQL ({@link PostgresTestDatabase}: {@code TEST_PG_URL}, else Testcontainers; in
 * CI never skipped). All subclasses share one Spring context on a fresh schema of this JVM, with the {@code postgres}
 * profile's queue settings ({@code lock-and-fetch} polling) but API keys left off like the H2 tests.
 */
@ExtendWith(PostgresTestDatabase.Available.class)
public abstract class PostgresIntegrationTest extends IntegrationTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> PostgresTestDatabase.get().jdbcUrl);
        registry.add("spring.datasource.username", () -> PostgresTestDatabase.get().username);
        registry.add("spring.datasource.password", () -> PostgresTestDatabase.get().password);
        registry.add("spring.flyway.default-schema", () -> PostgresTestDatabase.get().schema);
        registry.add("db-scheduler.polling-strategy", () -> "lock-and-fetch");
    }
}
