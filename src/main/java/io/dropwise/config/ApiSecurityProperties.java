package io.dropwise.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API keys ({@code dropwise.security.*}). Off in the embedded default: every request is permitted. When
 * {@code enabled}, every endpoint except health, readiness and the OpenAPI documents needs a key.
 *
 * @param enabled whether requests need an API key (the {@code postgres} profile turns it on)
 * @param bootstrapKey a key (at least 32 characters) stored hashed at startup with every scope if it is not
 *     there yet; the way to get the first key
 * @param bootstrapKeyName the name the bootstrap key is listed under
 */
@ConfigurationProperties("dropwise.security")
public record ApiSecurityProperties(
        @DefaultValue("false") boolean enabled,
        String bootstrapKey,
        @DefaultValue("bootstrap") String bootstrapKeyName) {}
