package io.dropwise.security;

import java.util.Collection;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an API key. Holds who the key is, never the key itself. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiKeyPrincipal principal;

    ApiKeyAuthentication(ApiKeyPrincipal principal) {
        super(authorities(principal.scopes()));
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public ApiKeyPrincipal getPrincipal() {
        return principal;
    }

    private static Collection<GrantedAuthority> authorities(Set<ApiScope> scopes) {
        return scopes.stream()
                .map(s -> (GrantedAuthority) new SimpleGrantedAuthority(s.authority()))
                .toList();
    }
}
