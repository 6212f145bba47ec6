package io.dropwise.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the OpenAPI document says about each route, in one table: its tag, operation id, summary, the statuses it
 * answers with and the problem types behind each error status, parameter descriptions and request examples.
 * {@link OpenApiConfig} applies it to the document springdoc generates from the controllers. A route missing here
 * fails {@code OpenApiDocumentIntegrationTests}: add it with the statuses its controller and service really answer.
 *
 * <p>Not listed per route because {@link OpenApiConfig} adds them: 500 to every route, and to every route with a
 * request body 400 {@code malformed-request}, 413 {@code payload-too-large} and 415 {@code unsupported-media-type}.
 */
final class ApiRoutes {

    static final String DATASETS = "Datasets";
    static final String JOBS = "Jobs";
    static final String SWEEPS = "Sweeps";
    static final String MODELS = "Models";
    static final String PREDICTION = "Prediction";
    static final String V2 = "Open Inference Protocol";
    static final String API_KEYS = "API keys";

    /** A success answer; {@code header} is a response header it carries, or null. */
    record Success(int status, String description, String header) {}

    /** A request example; {@code mediaType} null means {@code application/json}. */
    record Example(String name, String summary, String mediaType, String value) {}

    /** One method and path as springdoc names it ({@code {name}} for path variables). */
    static final class Route {
        final String method;
        final String path;
        final String tag;
        final String operationId;
        final String summary;
        final List<Success> successes = new ArrayList<>();
        final Map<Integer, List<String>> problems = new LinkedHashMap<>();
        final Map<String, String> parameters = new LinkedHashMap<>();
        final List<Example> examples = new ArrayList<>();
        final List<String> consumes = new ArrayList<>();
        final Map<String, String> details = new LinkedHashMap<>();

        private Route(String method, String path, String tag, String operationId, String summary) {
            this.method = method;
            this.path = path;
            this.tag = tag;
            this.operationId = operationId;
            this.summary = summary;
        }

        Route ok(int status, String description) {
            return ok(status, description, null);
        }

        Route ok(int status, String description, String header) {
            successes.add(new Success(status, description, header));
            return this;
        }

        /** The problem types (slugs of {@link ApiProblems}) this route answers with; grouped by their status. */
        Route problems(String... slugs) {
            for (String slug : slugs) {
                problems.computeIfAbsent(ApiProblems.of(slug).status(), s -> new ArrayList<>())
                        .add(slug);
            }
            return this;
        }

        /** One problem type with the example detail this route gives it. */
        Route problem(String slug, String detail) {
            details.put(slug, detail);
            return problems(slug);
        }

        /** Body media types springdoc cannot see (a raw body read as a stream): documented as a string body. */
        Route consumes(String... mediaTypes) {
            consumes.addAll(List.of(mediaTypes));
            return this;
        }

        Route param(String name, String description) {
            parameters.put(name, description);
            return this;
        }

        Route example(String name, String summary, String json) {
            examples.add(new Example(name, summary, null, json));
            return this;
        }

        Route example(String name, String summary, String mediaType, String value) {
            examples.add(new Example(name, summary, mediaType, value));
            return this;
        }

        String key() {
            return ApiRoutes.key(method, path);
        }
    }

    private static final Map<String, Route> ROUTES = new LinkedHashMap<>();

    static {
        ApiRouteTable.register();
        ModelTransferRoutes.register();
        LifecycleRoutes.register();
        WebhookRouteTable.register();
        ApiKeyRouteTable.register();
    }

    private ApiRoutes() {}

    static Route route(String method, String path, String tag, String operationId, String summary) {
        Route route = new Route(method, path, tag, operationId, summary);
        ROUTES.put(route.key(), route);
        return route;
    }

    static Route find(String method, String path) {
        return ROUTES.get(key(method, path));
    }

    static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }
}
