package io.dropwise.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's annotated-route mapping, with the routes indexed by the first segment of their path. Spring finds a
 * route without path variables by a direct lookup, but for any other one ({@code /models/{name}/predict},
 * {@code /jobs/{id}}...) it tries every route of the application in turn: a {@code /predict} call spent about 8 µs
 * of its server CPU there (perf, 2026-12-02), as much as its prediction and response together. Here only the routes
 * whose first path segment is the request's (decoded, as the patterns match it) are tried, plus those whose first
 * segment is a variable or a wildcard. When exactly one of them matches, it is the match Spring would have chosen
 * (any other route that could match is among them), and it is handled as Spring handles it; in every other case
 * (none, several, a route table changed at runtime, a route not on path patterns) Spring's own lookup runs, so
 * 404, 405, 406 and 415 answers, ambiguity errors and CORS preflights are Spring's.
 */
@Configuration(proxyBeanMethods = false)
class IndexedHandlerMapping {

    @Bean
    WebMvcRegistrations indexedRequestMappingRegistrations() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new Mapping();
            }
        };
    }

    /** The mapping; package-visible for its tests. */
    static class Mapping extends RequestMappingHandlerMapping {

        private volatile @Nullable Index index;

        @Override
        protected @Nullable HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
                throws Exception {
            Index current = index;
            if (current == null) {
                current = Index.of(
                        getHandlerMethods(),
                        getPatternParser() != null && getPatternParser().isCaseSensitive());
                index = current;
            }
            List<Route> candidates = current.candidates(request);
            if (candidates != null) {
                Route found = null;
                RequestMappingInfo matched = null;
                for (Route route : candidates) {
                    RequestMappingInfo match = getMatchingMapping(route.info(), request);
                    if (match != null) {
                        if (found != null) {
                            found = null;
                            break;
                        }
                        found = route;
                        matched = match;
                    }
                }
                if (found != null) {
                    request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, found.method());
                    handleMatch(matched, lookupPath, request);
                    return found.method();
                }
            }
            return super.lookupHandlerMethod(lookupPath, request);
        }

        @Override
        public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
            super.registerMapping(mapping, handler, method);
            index = null;
        }

        @Override
        protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
            super.registerHandlerMethod(handler, method, mapping);
            index = null;
        }

        @Override
        public void unregisterMapping(RequestMappingInfo mapping) {
            super.unregisterMapping(mapping);
            index = null;
        }
    }

    private record Route(RequestMappingInfo info, HandlerMethod method) {}

    /** Routes by the first segment of their patterns; null candidates when the index cannot answer. */
    private record Index(Map<String, List<Route>> byFirstSegment, List<Route> anyFirstSegment, boolean usable) {

        static Index of(Map<RequestMappingInfo, HandlerMethod> routes, boolean caseSensitive) {
            Map<String, Set<Route>> keyed = new HashMap<>();
            List<Route> any = new ArrayList<>();
            if (!caseSensitive) {
                return new Index(Map.of(), List.of(), false);
            }
            for (Map.Entry<RequestMappingInfo, HandlerMethod> e : routes.entrySet()) {
                Route route = new Route(e.getKey(), e.getValue());
                if (e.getKey().getPathPatternsCondition() == null) {
                    return new Index(Map.of(), List.of(), false);
                }
                Set<String> keys = new LinkedHashSet<>();
                for (PathPattern pattern : e.getKey().getPathPatternsCondition().getPatterns()) {
                    String first = firstSegment(pattern.getPatternString());
                    if (first == null) {
                        keys = null;
                        break;
                    }
                    keys.add(first);
                }
                if (keys == null || keys.isEmpty()) {
                    any.add(route);
                } else {
                    keys.forEach(k ->
                            keyed.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(route));
                }
            }
            Map<String, List<Route>> byFirst = new HashMap<>();
            keyed.forEach((key, list) -> {
                List<Route> all = new ArrayList<>(list);
                all.addAll(any);
                byFirst.put(key, List.copyOf(all));
            });
            return new Index(byFirst, List.copyOf(any), true);
        }

        /** The literal first segment of a pattern ("" for the root); null when it may match more than one value. */
        static @Nullable String firstSegment(String pattern) {
            if (pattern.isEmpty() || pattern.charAt(0) != '/') {
                return null;
            }
            int end = pattern.indexOf('/', 1);
            String first = pattern.substring(1, end < 0 ? pattern.length() : end);
            for (int i = 0; i < first.length(); i++) {
                char c = first.charAt(i);
                if (c == '{' || c == '*' || c == '?' || c == '%' || c == ';' || c == '\\') {
                    return null;
                }
            }
            return first;
        }

        @Nullable
        List<Route> candidates(HttpServletRequest request) {
            if (!usable || !ServletRequestPathUtils.hasParsedRequestPath(request)) {
                return null;
            }
            List<PathContainer.Element> elements = ServletRequestPathUtils.getParsedRequestPath(request)
                    .pathWithinApplication()
                    .elements();
            String first = "";
            if (elements.size() > 1) {
                if (!(elements.get(1) instanceof PathContainer.PathSegment segment)) {
                    return null; // "//...": Spring's own lookup
                }
                first = segment.valueToMatch();
            }
            List<Route> routes = byFirstSegment.get(first);
            return routes != null ? routes : anyFirstSegment;
        }
    }
}
