package io.dropwise.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the integration tests that need API keys switched on: the whole application on a random port, H2 in memory,
 * the bootstrap admin key {@link #BOOTSTRAP_KEY}. The configuration is the one {@code SecurityIntegrationTests}
 * declares, property for property, so that every subclass and that class share one Spring context: do not add
 * properties, {@code @MockitoBean}s or {@code @DirtiesContext} in subclasses, and change both together.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:security-it;DB_CLOSE_DELAY=-1",
            "dropwise.security.enabled=true",
            "dropwise.security.bootstrap-key=" + SecuredIntegrationTest.BOOTSTRAP_KEY,
            "dropwise.training.events-heartbeat=" + SecuredIntegrationTest.HEARTBEAT,
            "dropwise.training.events-max-streams-per-job=" + SecuredIntegrationTest.MAX_STREAMS_PER_JOB,
            "dropwise.training.events-max-streams=" + SecuredIntegrationTest.MAX_STREAMS
        })
public abstract class SecuredIntegrationTest {

    public static final String BOOTSTRAP_KEY = "bootstrap-0123456789abcdef0123456789abcdef";
    /** Small stream limits and a quick heartbeat, for the SSE tests that share this context. */
    public static final String HEARTBEAT = "300ms";

    public static final int MAX_STREAMS_PER_JOB = 4;
    public static final int MAX_STREAMS = 12;

    @LocalServerPort
    protected int port;
}
