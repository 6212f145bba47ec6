package io.dropwise.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.UrlPathHelper;

/**
 * The one table that says which endpoint needs which scope. The first matching rule wins; a path no rule names
 * needs any valid key (so an unknown path answers 404 to a caller with a key, 401 to one without).
 */
final class ScopePolicy implements AuthorizationManager<RequestAuthorizationContext> {

    /** What a request needs: nothing ({@code open}), any valid key ({@code scope == null}) or one scope. */
    record Requirement(boolean open, ApiScope scope) {
        static final Requirement PUBLIC = new Requirement(true, null);
        static final Requirement ANY_KEY = new Requirement(false, null);

        static Requirement scope(ApiScope scope) {
            return new Requirement(false, scope);
        }
    }

    private record Rule(RequestMatcher matcher, Requirement requirement) {}

    /** {@code /models/{name}/predict}, {@code /models/{name}/versions/{v}/predict}, alias variants. */
    private static final Pattern PREDICT_PATH = Pattern.compile("^/models/[^/]+(/[^/]+)*/predict/?$");

    private final List<Rule> rules = List.of(
            // the dashboard's shell page and assets: public so that a deep link can ask for a key; its data calls
            // go to the API paths below and need one
            getRule(Requirement.PUBLIC, "/", "/index.html", "/ui/**", "/dashboard/**", "/webjars/**"),
            rule(Requirement.PUBLIC,
                    "/actuator/health", "/actuator/health/**", "/actuator/info", "/v2/health/**",
                    "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error"),
            rule(Requirement.scope(ApiScope.METRICS),
                    "/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**"),
            rule(Requirement.scope(ApiScope.ADMIN), "/actuator/**", "/api-keys", "/api-keys/**"),
            new Rule(ScopePolicy::isPredictPath, Requirement.scope(ApiScope.PREDICT)),
            rule(Requirement.scope(ApiScope.PREDICT), "/v2", "/v2/**"),
            rule(Requirement.scope(ApiScope.TRAIN),
                    "/datasets", "/datasets/**", "/jobs", "/jobs/**", "/models", "/models/**"));

    Requirement requirementFor(HttpServletRequest request) {
        return rules.stream()
                .filter(r -> r.matcher().matches(request))
                .map(Rule::requirement)
                .findFirst()
                .orElse(Requirement.ANY_KEY);
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Requirement requirement = requirementFor(context.getRequest());
        if (requirement.open()) {
            return new AuthorizationDecision(true);
        }
        Authentication current = authentication.get();
        if (!(current instanceof ApiKeyAuthentication) || !current.isAuthenticated()) {
            return new AuthorizationDecision(false);
        }
        if (requirement.scope() == null) {
            return new AuthorizationDecision(true);
        }
        String needed = requirement.scope().authority();
        return new AuthorizationDecision(
                current.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(needed::equals));
    }

    private static Rule rule(Requirement requirement, String... patterns) {
        List<RequestMatcher> matchers = Arrays.stream(patterns)
                .map(p -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(p))
                .toList();
        return new Rule(request -> matchers.stream().anyMatch(m -> m.matches(request)), requirement);
    }

    private static Rule getRule(Requirement requirement, String... patterns) {
        List<RequestMatcher> matchers = Arrays.stream(patterns)
                .map(p -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(HttpMethod.GET, p))
                .toList();
        return new Rule(request -> matchers.stream().anyMatch(m -> m.matches(request)), requirement);
    }

    private static boolean isPredictPath(HttpServletRequest request) {
        return PREDICT_PATH.matcher(UrlPathHelper.defaultInstance.getPathWithinApplication(request)).matches();
    }
}
