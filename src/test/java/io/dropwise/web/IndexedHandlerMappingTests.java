package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * {@link IndexedHandlerMapping.Mapping} gives, for every request, what Spring's own mapping gives over the same
 * routes: the same handler method (or none, or the same exception: 405, 406, 415, ambiguity), the same path
 * variables, pattern and handler attributes; and it tries fewer routes than the table holds for a path with variables.
 */
class IndexedHandlerMappingTests {

    /** One method per route: the method identifies the route a request was mapped to. */
    static final class Routes {
        public void listJobs() {}

        public void submitJob() {}

        public void getJob() {}

        public void jobStats() {}

        public void cancelJob() {}

        public void predictLatest() {}

        public void predictVersion() {}

        public void getVersion() {}

        public void importVersion() {}

        public void root() {}

        public void page() {}

        public void files() {}

        public void live() {}

        public void ambiguousA() {}

        public void ambiguousB() {}

        public void both() {}
    }

    private static final Routes ROUTES = new Routes();

    private static final class Counting extends IndexedHandlerMapping.Mapping {
        final AtomicInteger tried = new AtomicInteger();

        @Override
        protected RequestMappingInfo getMatchingMapping(
                RequestMappingInfo info, jakarta.servlet.http.HttpServletRequest r) {
            tried.incrementAndGet();
            return super.getMatchingMapping(info, r);
        }
    }

    private static <M extends RequestMappingHandlerMapping> M withRoutes(M mapping) throws Exception {
        mapping.setApplicationContext(new StaticApplicationContext());
        mapping.afterPropertiesSet();
        route(mapping, "listJobs", b -> b.paths("/jobs").methods(RequestMethod.GET));
        route(mapping, "submitJob", b -> b.paths("/jobs").methods(RequestMethod.POST));
        route(mapping, "getJob", b -> b.paths("/jobs/{id}").methods(RequestMethod.GET));
        route(mapping, "jobStats", b -> b.paths("/jobs/stats").methods(RequestMethod.GET));
        route(mapping, "cancelJob", b -> b.paths("/jobs/{id}/cancel").methods(RequestMethod.POST));
        route(mapping, "predictLatest", b -> b.paths("/models/{name}/predict").methods(RequestMethod.POST));
        route(
                mapping,
                "predictVersion",
                b -> b.paths("/models/{name}/versions/{version}/predict").methods(RequestMethod.POST));
        route(
                mapping,
                "getVersion",
                b -> b.paths("/models/{name}/versions/{version}").methods(RequestMethod.GET));
        route(
                mapping,
                "importVersion",
                b -> b.paths("/models/{name}/versions")
                        .methods(RequestMethod.POST)
                        .consumes("application/octet-stream"));
        route(mapping, "root", b -> b.paths("/").methods(RequestMethod.GET));
        route(mapping, "page", b -> b.paths("/{page}.html").methods(RequestMethod.GET));
        route(mapping, "files", b -> b.paths("/files/**").methods(RequestMethod.GET));
        route(
                mapping,
                "live",
                b -> b.paths("/v2/health/live").methods(RequestMethod.GET).produces("application/json"));
        route(mapping, "ambiguousA", b -> b.paths("/ambiguous/{a}").methods(RequestMethod.GET));
        route(mapping, "ambiguousB", b -> b.paths("/ambiguous/{b}").methods(RequestMethod.GET));
        route(mapping, "both", b -> b.paths("/sweeps/{id}", "/studies/{id}").methods(RequestMethod.PUT));
        return mapping;
    }

    private static void route(
            RequestMappingHandlerMapping mapping,
            String method,
            java.util.function.UnaryOperator<RequestMappingInfo.Builder> spec)
            throws NoSuchMethodException {
        RequestMappingInfo.Builder builder = spec.apply(RequestMappingInfo.paths());
        // paths() above is replaced by the spec's own paths(...)
        Method handler = Routes.class.getMethod(method);
        mapping.registerMapping(
                builder.options(mapping.getBuilderConfiguration()).build(), ROUTES, handler);
    }

    /** What a mapping makes of a request: the route's method name or the exception, plus the attributes it set. */
    private static Map<String, Object> outcome(RequestMappingHandlerMapping mapping, MockHttpServletRequest request) {
        ServletRequestPathUtils.parseAndCache(request);
        Map<String, Object> outcome = new LinkedHashMap<>();
        try {
            HandlerExecutionChain chain = mapping.getHandler(request);
            Object handler = chain == null ? null : chain.getHandler();
            outcome.put(
                    "handler",
                    handler instanceof HandlerMethod m
                            ? m.getMethod().getName()
                            : handler == null ? null : handler.getClass().getName());
        } catch (Exception e) {
            outcome.put("exception", e.getClass().getName());
        }
        for (String attribute : List.of(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
                HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
                HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE,
                HandlerMapping.MATRIX_VARIABLES_ATTRIBUTE)) {
            outcome.put(attribute, String.valueOf(request.getAttribute(attribute)));
        }
        Object best = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
        outcome.put("best", best instanceof HandlerMethod m ? m.getMethod().getName() : String.valueOf(best));
        return outcome;
    }

    private static MockHttpServletRequest request(String method, String uri, String... headers) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        if (headers.length == 0 && method.equals("POST")) {
            request.setContentType("application/json");
        }
        return request;
    }

    @Test
    void everyRequestIsMappedAsSpringMapsIt() throws Exception {
        RequestMappingHandlerMapping spring = withRoutes(new RequestMappingHandlerMapping());
        RequestMappingHandlerMapping indexed = withRoutes(new IndexedHandlerMapping.Mapping());
        List<String[]> requests = new ArrayList<>(List.of(
                new String[] {"POST", "/models/m1/predict"},
                new String[] {"POST", "/models/m%31/predict"},
                new String[] {"POST", "/mod%65ls/m1/predict"},
                new String[] {"POST", "/models;v=1/m1/predict"},
                new String[] {"POST", "/models/m1;x=2/predict"},
                new String[] {"GET", "/models/m1/predict"},
                new String[] {"POST", "/models/m1/predict/"},
                new String[] {"POST", "/Models/m1/predict"},
                new String[] {"POST", "/models/m1/versions/3/predict"},
                new String[] {"GET", "/models/m1/versions/3"},
                new String[] {"GET", "/jobs"},
                new String[] {"POST", "/jobs"},
                new String[] {"GET", "/jobs/stats"},
                new String[] {"GET", "/jobs/abc"},
                new String[] {"POST", "/jobs/abc/cancel"},
                new String[] {"DELETE", "/jobs/abc"},
                new String[] {"GET", "/"},
                new String[] {"GET", ""},
                new String[] {"GET", "/index.html"},
                new String[] {"GET", "/jobs.html"},
                new String[] {"GET", "/files/a/b"},
                new String[] {"GET", "/files"},
                new String[] {"GET", "//jobs"},
                new String[] {"GET", "/ambiguous/x"},
                new String[] {"PUT", "/sweeps/1"},
                new String[] {"PUT", "/studies/1"},
                new String[] {"GET", "/studies/1"},
                new String[] {"GET", "/nothing/here"},
                new String[] {"GET", "/v2/health/live"}));
        for (String[] r : requests) {
            assertThat(outcome(indexed, request(r[0], r[1])))
                    .as("%s %s", r[0], r[1])
                    .isEqualTo(outcome(spring, request(r[0], r[1])));
        }
        List<String[]> withHeaders = List.of(
                new String[] {"GET", "/v2/health/live", "Accept", "text/plain"},
                new String[] {"GET", "/v2/health/live", "Accept", "application/json"},
                new String[] {"POST", "/models/m1/versions", "Content-Type", "text/plain"},
                new String[] {"POST", "/models/m1/versions", "Content-Type", "application/octet-stream"},
                new String[] {
                    "OPTIONS", "/jobs/abc", "Origin", "https://example.com", "Access-Control-Request-Method", "GET"
                },
                new String[] {
                    "OPTIONS", "/ambiguous/x", "Origin", "https://example.com", "Access-Control-Request-Method", "GET"
                });
        for (String[] r : withHeaders) {
            String[] headers = Arrays.copyOfRange(r, 2, r.length);
            assertThat(outcome(indexed, request(r[0], r[1], headers)))
                    .as("%s %s %s", r[0], r[1], Arrays.toString(headers))
                    .isEqualTo(outcome(spring, request(r[0], r[1], headers)));
        }
        assertThat(outcome(indexed, request("POST", "/models/m%31/predict")))
                .containsEntry("handler", "predictLatest")
                .containsEntry(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, "{name=m1}")
                .containsEntry(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/models/{name}/predict");
        assertThat(outcome(indexed, request("GET", "/ambiguous/x")))
                .containsEntry("exception", IllegalStateException.class.getName());
    }

    @Test
    void aPathWithVariablesTriesOnlyTheRoutesOfItsFirstSegment() throws Exception {
        Counting indexed = withRoutes(new Counting());
        assertThat(outcome(indexed, request("POST", "/models/m1/predict"))).containsEntry("handler", "predictLatest");
        // the four /models routes and the one whose first segment is a variable, not all sixteen
        assertThat(indexed.tried.get()).isEqualTo(5);

        indexed.tried.set(0);
        indexed.registerMapping(
                RequestMappingInfo.paths("/models/{name}/explain")
                        .methods(RequestMethod.POST)
                        .options(indexed.getBuilderConfiguration())
                        .build(),
                ROUTES,
                Routes.class.getMethod("root"));
        assertThat(outcome(indexed, request("POST", "/models/m1/explain")))
                .as("a route registered at runtime is found")
                .containsEntry("handler", "root");
    }
}
