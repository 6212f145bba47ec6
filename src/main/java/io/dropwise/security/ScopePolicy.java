package io.dropwise.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Decides per request from the real handler mappings: the request is matched the way Spring MVC matches it (the
 * most specific pattern among the routes of its method), and that route's line in {@link RouteScopes} says what it
 * needs. A request no route takes (404, 405, OPTIONS) needs any valid key; a route with no line needs what nobody has.
 */
final class ScopePolicy implements AuthorizationManager<RequestAuthorizationContext>, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ScopePolicy.class);

    /** What a request needs: nothing, any valid key, one scope, or something no key has. */
    record Requirement(Kind kind, ApiScope scope) {

        enum Kind {
            PUBLIC,
            ANY_KEY,
            SCOPE,
            NOBODY
        }

        static final Requirement PUBLIC = new Requirement(Kind.PUBLIC, null);
        static final Requirement ANY_KEY = new Requirement(Kind.ANY_KEY, null);
        static final Requirement NOBODY = new Requirement(Kind.NOBODY, null);

        static Requirement scope(ApiScope scope) {
            return new Requirement(Kind.SCOPE, scope);
        }

        boolean open() {
            return kind == Kind.PUBLIC;
        }

        boolean grants(Set<ApiScope> scopes) {
            return switch (kind) {
                case PUBLIC, ANY_KEY -> true;
                case SCOPE -> scopes.contains(scope);
                case NOBODY -> false;
            };
        }
    }

    /** One mapped route: a method ({@code null}: every method), a pattern and what it needs. */
    record Route(String method, PathPattern pattern, Requirement requirement) {
        String key() {
            return (method == null ? "*" : method) + " " + pattern.getPatternString();
        }
    }

    private final Supplier<Collection<RequestMappingInfoHandlerMapping>> mappings;
    private final Map<String, Requirement> table;
    private final List<PathPattern> publicResources;
    private volatile List<Route> routes;

    ScopePolicy(Supplier<Collection<RequestMappingInfoHandlerMapping>> mappings, Map<String, Requirement> table) {
        this.mappings = mappings;
        this.table = table;
        this.publicResources = java.util.Arrays.stream(RouteScopes.PUBLIC_RESOURCES)
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    /** Reads the routes at startup, so that a route without a line is logged before the first request. */
    @Override
    public void afterSingletonsInstantiated() {
        routes();
    }

    /** Every mapped route, most specific pattern first. */
    List<Route> routes() {
        List<Route> result = routes;
        if (result == null) {
            synchronized (this) {
                if (routes == null) {
                    routes = build();
                    List<String> unlisted = unlisted();
                    if (!unlisted.isEmpty()) {
                        log.warn("Routes without a line in RouteScopes are refused to every key: {}", unlisted);
                    }
                }
                result = routes;
            }
        }
        return result;
    }

    /** Routes that have no line of their own in the table (refused, or {@code admin} under the actuator). */
    List<String> unlisted() {
        return routes().stream()
                .map(Route::key)
                .filter(k -> !table.containsKey(k))
                .distinct()
                .sorted()
                .toList();
    }

    /** Lines of the table that name no mapped route (a renamed or removed endpoint). */
    List<String> stale() {
        Set<String> mapped = new TreeSet<>(routes().stream().map(Route::key).toList());
        return table.keySet().stream().filter(k -> !mapped.contains(k)).sorted().toList();
    }

    Requirement requirementFor(HttpServletRequest request) {
        PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath())
                .pathWithinApplication();
        String method = request.getMethod();
        for (Route route : routes()) {
            if (matchesMethod(route.method(), method) && route.pattern().matches(path)) {
                return route.requirement();
            }
        }
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (read && publicResources.stream().anyMatch(p -> p.matches(path))) {
            return Requirement.PUBLIC;
        }
        return Requirement.ANY_KEY;
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Requirement requirement = requirementFor(context.getRequest());
        if (requirement.open()) {
            return new AuthorizationDecision(true);
        }
        Authentication current = authentication.get();
        if (!(current instanceof ApiKeyAuthentication key) || !current.isAuthenticated()) {
            return new AuthorizationDecision(false);
        }
        return new AuthorizationDecision(requirement.grants(key.getPrincipal().scopes()));
    }

    /** Whether the authorities of an authentication include a scope (for callers outside this class). */
    static boolean hasScope(Authentication authentication, ApiScope scope) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .anyMatch(scope.authority()::equals);
    }

    /** Spring MVC serves HEAD with the GET handler, and answers OPTIONS itself even for a route of every method. */
    private static boolean matchesMethod(String routeMethod, String requestMethod) {
        return (routeMethod == null && !"OPTIONS".equals(requestMethod))
                || requestMethod.equals(routeMethod)
                || ("GET".equals(routeMethod) && "HEAD".equals(requestMethod));
    }

    private List<Route> build() {
        List<Route> result = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : mappings.get()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (PathPattern pattern : patterns(info)) {
                    if (methods.isEmpty()) {
                        result.add(route(null, pattern));
                    }
                    for (RequestMethod method : methods) {
                        result.add(route(method.name(), pattern));
                    }
                }
            }
        }
        result.sort(Comparator.comparing(Route::pattern, PathPattern.SPECIFICITY_COMPARATOR));
        return List.copyOf(result);
    }

    private Route route(String method, PathPattern pattern) {
        String key = (method == null ? "*" : method) + " " + pattern.getPatternString();
        Requirement requirement = table.get(key);
        if (requirement == null) {
            String p = pattern.getPatternString();
            boolean actuator = p.equals(RouteScopes.ACTUATOR_PREFIX) || p.startsWith(RouteScopes.ACTUATOR_PREFIX + "/");
            requirement = actuator ? Requirement.scope(ApiScope.ADMIN) : Requirement.NOBODY;
        }
        return new Route(method, pattern, requirement);
    }

    private static Set<PathPattern> patterns(RequestMappingInfo info) {
        if (info.getPathPatternsCondition() != null) {
            return info.getPathPatternsCondition().getPatterns();
        }
        Set<PathPattern> parsed = new java.util.LinkedHashSet<>();
        info.getPatternValues().forEach(p -> parsed.add(PathPatternParser.defaultInstance.parse(p)));
        return parsed;
    }
}
