package io.dropwise.security;

import java.util.Set;

/** The identity behind a valid key: its id, name, public prefix and scopes. */
public record ApiKeyPrincipal(long id, String name, String prefix, Set<ApiScope> scopes) {

    /** What the logs and {@code Principal#getName()} show: never the key. */
    @Override
    public String toString() {
        return name + " (" + prefix + "…)";
    }
}
