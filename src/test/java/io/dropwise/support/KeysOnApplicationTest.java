package io.dropwise.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one definition of the application with API keys on: the whole application on a random port, H2 in memory, the
 * bootstrap admin key {@link SecuredIntegrationTest#BOOTSTRAP_KEY}, small SSE limits and a quick heartbeat. Every
 * test class that needs keys on carries this annotation (or extends {@link SecuredIntegrationTest}), so they all
 * share one Spring context; a class that adds properties, {@code @MockitoBean}s or {@code @DirtiesContext} would
 * start another.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
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
public @interface KeysOnApplicationTest {}
