package io.dropwise.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.security.ScopePolicy.Requirement;
import io.dropwise.security.ScopePolicy.Route;
import io.dropwise.support.KeysOnApplicationTest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The scope table against the real handler mappings: every mapped route has a line and every line a route; for
 * every route, with path variables that look like route words ({@code predict}, {@code versions}...), under every
 * method, the route the policy picks is the one Spring MVC dispatches to, and each kind of caller (no key, each
 * single scope, every scope) is let through exactly when the table says so.
 */
@KeysOnApplicationTest
class ScopeTableIntegrationTests {

    private static final List<String> WORDS = List.of(
            "x",
            "predict",
            "versions",
            "aliases",
            "infer",
            "ready",
            "events",
            "cancel",
            "metrics",
            "health",
            "live",
            "models",
            "1",
            "latest");
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Autowired
    ScopePolicy policy;

    @Autowired
    Collection<RequestMappingInfoHandlerMapping> mappings;

    @Test
    void everyMappedRouteHasALineAndEveryLineARoute() {
        assertThat(policy.routes()).hasSizeGreaterThan(30);
        assertThat(policy.unlisted())
                .as("routes missing from RouteScopes.TABLE")
                .isEmpty();
        assertThat(policy.stale())
                .as("lines of RouteScopes.TABLE that name no route")
                .isEmpty();
    }

    @Test
    void aRouteWithoutALineIsRefusedToEveryKey() {
        ScopePolicy withoutPredict = new ScopePolicy(() -> mappings, withoutLine("POST /models/{name}/predict"));
        assertThat(withoutPredict.unlisted()).containsExactly("POST /models/{name}/predict");
        MockHttpServletRequest request = request("POST", "/models/iris/predict");
        assertThat(withoutPredict.requirementFor(request)).isEqualTo(Requirement.NOBODY);
        assertThat(allowed(withoutPredict, request, EnumSet.allOf(ApiScope.class)))
                .isFalse();
    }

    @Test
    void everyRouteMethodAndScope() throws Exception {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Route route : policy.routes()) {
            for (String word : WORDS) {
                String path = sample(route.pattern().getPatternString(), word);
                for (String method : METHODS) {
                    MockHttpServletRequest request = request(method, path);
                    Requirement expected = expected(request);
                    Requirement actual = policy.requirementFor(request);
                    if (!expected.equals(actual)) {
                        failures.add(method + " " + path + ": policy " + actual + ", dispatch " + expected);
                        continue;
                    }
                    for (Set<ApiScope> scopes : callers()) {
                        boolean allowed = allowed(policy, request, scopes);
                        boolean shouldBe = scopes == null ? expected.open() : expected.grants(scopes);
                        if (allowed != shouldBe) {
                            failures.add(method + " " + path + " with " + scopes + ": " + allowed);
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void predictKeysCannotTouchAliasesOrVersionsNamedPredict() {
        Set<ApiScope> predictOnly = EnumSet.of(ApiScope.PREDICT);
        for (String[] call : new String[][] {
            {"PUT", "/models/iris/aliases/predict"}, {"DELETE", "/models/iris/aliases/predict"},
            {"GET", "/models/iris/versions/predict"}, {"GET", "/models/predict"},
            {"PUT", "/models/predict/aliases/predict"}
        }) {
            MockHttpServletRequest request = request(call[0], call[1]);
            assertThat(allowed(policy, request, predictOnly))
                    .as(call[0] + " " + call[1])
                    .isFalse();
            assertThat(allowed(policy, request, EnumSet.of(ApiScope.TRAIN)))
                    .as(call[0] + " " + call[1])
                    .isTrue();
        }
        assertThat(allowed(policy, request("POST", "/models/aliases/versions/predict/predict"), predictOnly))
                .isTrue();
    }

    /** What Spring MVC dispatches the request to, looked up in the table; no handler: any valid key. */
    private Requirement expected(MockHttpServletRequest request) throws Exception {
        for (RequestMappingInfoHandlerMapping mapping : ordered()) {
            HandlerExecutionChain chain;
            try {
                chain = mapping.getHandler(request);
            } catch (Exception noMatch) {
                continue; // 405, 406, 415: nothing is executed
            }
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            if (chain != null && pattern == null) {
                return Requirement.ANY_KEY; // Spring's own OPTIONS answer: no handler of ours runs
            }
            if (chain != null) {
                String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
                Requirement line = RouteScopes.TABLE.get(method + " " + pattern);
                return line != null ? line : RouteScopes.TABLE.getOrDefault("* " + pattern, Requirement.NOBODY);
            }
        }
        return Requirement.ANY_KEY;
    }

    private List<RequestMappingInfoHandlerMapping> ordered() {
        List<RequestMappingInfoHandlerMapping> list = new ArrayList<>(mappings);
        list.sort(java.util.Comparator.comparingInt(RequestMappingInfoHandlerMapping::getOrder));
        return list;
    }

    /** No key ({@code null}), a key with each single scope, a key with every scope. */
    private static List<Set<ApiScope>> callers() {
        List<Set<ApiScope>> callers = new ArrayList<>();
        callers.add(null);
        for (ApiScope scope : ApiScope.values()) {
            callers.add(EnumSet.of(scope));
        }
        callers.add(EnumSet.allOf(ApiScope.class));
        return callers;
    }

    private static boolean allowed(ScopePolicy policy, MockHttpServletRequest request, Set<ApiScope> scopes) {
        Authentication caller = scopes == null
                ? new TestingAuthenticationToken("anonymous", null)
                : new ApiKeyAuthentication(new ApiKeyPrincipal(7, "test", "dw_test", scopes));
        return policy.authorize(() -> caller, new RequestAuthorizationContext(request))
                .isGranted();
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Accept", "*/*");
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            // the CSV uploads take no JSON (a JSON body there is 415: no handler runs)
            boolean csv = path.startsWith("/datasets") || path.equals("/batch-predictions");
            request.setContentType(csv ? "text/csv" : "application/json");
        }
        ServletRequestPathUtils.parseAndCache(request);
        return request;
    }

    /** A concrete path for a pattern: every variable and wildcard replaced by {@code word}. */
    private static String sample(String pattern, String word) {
        return pattern.replaceAll("\\{\\*[^}]+}", word + "/" + word)
                .replaceAll("\\{[^}]+}", word)
                .replace("**", word)
                .replace("*", word);
    }

    private static Map<String, Requirement> withoutLine(String key) {
        Map<String, Requirement> table = new java.util.HashMap<>(RouteScopes.TABLE);
        table.remove(key);
        return table;
    }
}
