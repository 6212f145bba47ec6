package io.dropwise.support;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the integration tests that need API keys switched on ({@link KeysOnApplicationTest}), with the bootstrap
 * admin key {@link #BOOTSTRAP_KEY}: every subclass shares the one keys-on Spring context.
 */
@KeysOnApplicationTest
public abstract class SecuredIntegrationTest {

    public static final String BOOTSTRAP_KEY = "bootstrap-0123456789abcdef0123456789abcdef";
    /** Small stream limits and a quick heartbeat, for the SSE tests that share this context. */
    public static final String HEARTBEAT = "300ms";

    public static final int MAX_STREAMS_PER_JOB = 4;
    public static final int MAX_STREAMS = 12;

    @LocalServerPort
    protected int port;
}
