package io.dropwise.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who sent the current request, as a short stable string for data that belongs to a caller. */
public final class Callers {

    /** Every request when API keys are off: there is no identity to tell callers apart. */
    public static final String ANONYMOUS = "anonymous";

    private Callers() {}

    /** {@code key-<id>} for a request authenticated by an API key, else {@link #ANONYMOUS}. */
    public static String current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ApiKeyPrincipal key) {
            return "key-" + key.id();
        }
        return ANONYMOUS;
    }
}
