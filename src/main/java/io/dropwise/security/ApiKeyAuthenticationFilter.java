package io.dropwise.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the key from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. A request without a key goes
 * on anonymously (public endpoints answer, the others 401 later); a request with a key that is unknown or revoked
 * is answered 401 here. The key is never logged nor kept in the security context.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final ApiKeyService keys;
    private final AuthenticationEntryPoint entryPoint;
    static final RequestAttributeSecurityContextRepository CONTEXTS = new RequestAttributeSecurityContextRepository();

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeyAuthenticationFilter(ApiKeyService keys, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeyPrincipal> principal = keys.authenticate(presented);
        if (principal.isEmpty()) {
            contexts.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("unknown or revoked API key"));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(principal.get()));
        contexts.setContext(context);
        // kept on the request too: a request whose body is received asynchronously reaches its controller on an
        // async dispatch, which restores the context from there
        CONTEXTS.saveContext(context, request, response);
        chain.doFilter(request, response);
    }

    /** The key, {@code ""} for an empty one (refused), or {@code null} when the request carries none. */
    static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).trim();
        }
        if (header != null && header.trim().equalsIgnoreCase("bearer")) {
            return "";
        }
        String apiKey = request.getHeader(API_KEY_HEADER);
        return apiKey == null ? null : apiKey.trim();
    }
}
