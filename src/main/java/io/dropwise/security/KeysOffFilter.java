package io.dropwise.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With API keys off every request is permitted; this says so to the rest of the application by running each request
 * as one built-in caller that holds every scope (the health endpoint then shows its details, as to an admin key).
 */
final class KeysOffFilter extends OncePerRequestFilter {

    /** The one caller of a service whose keys are off: id 0, every scope. */
    static final ApiKeyPrincipal EVERYONE =
            new ApiKeyPrincipal(0, "anonymous (API keys off)", "", EnumSet.allOf(ApiScope.class));

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(EVERYONE));
        contexts.setContext(context);
        // kept on the request too: a request whose body is received asynchronously reaches its controller on an
        // async dispatch, which restores the context from there
        ApiKeyAuthenticationFilter.CONTEXTS.saveContext(context, request, response);
        chain.doFilter(request, response);
    }
}
