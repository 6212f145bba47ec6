package io.dropwise.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document in one place, so the controllers carry no documentation annotations: title and description,
 * one tag per resource, and per route (from {@link ApiRoutes}) its summary, every status it answers with, the
 * problem+json body of each error with an example per problem type, and request examples.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON = "application/json";
    private static final String PROBLEM_SCHEMA = "Problem";
    private static final String FIELD_PROBLEM_SCHEMA = "FieldProblem";

    private static final String DESCRIPTION = """
            Training as a service for dropout-regularized neural networks: upload a CSV dataset, submit a training \
            job, poll or stream it, then predict with the model it registered (dropout off; Monte-Carlo dropout \
            uncertainty on request), also through the Open Inference Protocol (KServe V2).

            Every error is `application/problem+json` (RFC 9457) with a stable `type` URI per kind of problem, a \
            human `title`, a `detail` that says what to change and, for invalid fields, `errors[]` \
            (`field`, `message`); a refused request stores nothing. Besides the statuses listed per route, any \
            route may answer 404 (unknown path), 405 (method not allowed) or 406 (not acceptable), each as \
            problem+json.""";

    @Bean
    OpenApiCustomizer dropwiseOpenApi(ObjectProvider<BuildProperties> build, JsonMapper json) {
        BuildProperties properties = build.getIfAvailable();
        String implementation = OpenApiConfig.class.getPackage().getImplementationVersion();
        String version =
                properties != null ? properties.getVersion() : implementation != null ? implementation : "development";
        return openApi -> document(openApi, version, json);
    }

    private static void document(OpenAPI openApi, String version, JsonMapper json) {
        openApi.info(new Info().title("Dropwise API").version(version).description(DESCRIPTION));
        openApi.setTags(List.of(
                tag(ApiRoutes.DATASETS, "Upload CSV datasets (or use the built-ins) and describe them"),
                tag(ApiRoutes.JOBS, "Training jobs: submit, poll, stream, cancel; metrics and checkpoints"),
                tag(
                        ApiRoutes.SWEEPS,
                        "Cross-validated sweeps: choose the dropout rate (or any field) on the job queue"),
                tag(ApiRoutes.MODELS, "The model registry: every successful job registers a new version"),
                tag(ApiRoutes.PREDICTION, "Predict with a registered model, optionally with MC-dropout uncertainty"),
                tag(ApiRoutes.V2, "The Open Inference Protocol (KServe V2) subset, for standard inference clients"),
                tag(ApiRoutes.API_KEYS, "API keys and their scopes (only when dropwise.security.enabled=true)")));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addSchemas(PROBLEM_SCHEMA, problemSchema())
                .addSchemas(FIELD_PROBLEM_SCHEMA, fieldProblemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    ApiRoutes.Route route = ApiRoutes.find(method.name(), path);
                    if (route != null) {
                        document(operation, route, json);
                    }
                }));
    }

    private static void document(Operation operation, ApiRoutes.Route route, JsonMapper json) {
        operation.setTags(List.of(route.tag));
        operation.setOperationId(route.operationId);
        operation.setSummary(route.summary);
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(p -> route.parameters.containsKey(p.getName()))
                    .forEach(p -> p.setDescription(route.parameters.get(p.getName())));
            // a parameter declared by annotation only (PredictController's) has no schema, which OpenAPI requires
            operation.getParameters().stream()
                    .filter(p -> p.getSchema() == null && p.getContent() == null)
                    .forEach(p -> p.setSchema(new StringSchema()));
        }
        requestBody(operation, route, json);
        operation.setResponses(responses(operation, route));
    }

    private static void requestBody(Operation operation, ApiRoutes.Route route, JsonMapper json) {
        if (route.consumes.isEmpty() && route.examples.isEmpty()) {
            return;
        }
        if (operation.getRequestBody() == null) {
            operation.setRequestBody(new RequestBody().required(true).content(new Content()));
        }
        Content content = operation.getRequestBody().getContent();
        for (String mediaType : route.consumes) {
            content.putIfAbsent(mediaType, new MediaType().schema(new StringSchema()));
        }
        for (ApiRoutes.Example example : route.examples) {
            String mediaType = example.mediaType() == null ? JSON : example.mediaType();
            Object value = mediaType.equals(JSON) ? json.readValue(example.value(), Object.class) : example.value();
            content.computeIfAbsent(mediaType, m -> new MediaType().schema(new StringSchema()))
                    .addExamples(
                            example.name(),
                            new Example().summary(example.summary()).value(value));
        }
    }

    /**
     * The route's successes (with the body springdoc derived from the return type) and problems, plus the problems
     * every route or every body can meet; responses other customizers added (401, 403) are kept. Sorted by status.
     */
    private static ApiResponses responses(Operation operation, ApiRoutes.Route route) {
        ApiResponses generated = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponse derived = generated.get("200");
        Content body = derived == null || derived.getContent() == null ? null : json(derived.getContent());
        Map<Integer, ApiResponse> byStatus = new TreeMap<>();
        generated.forEach((code, response) -> {
            if (!code.equals("200") && code.matches("\\d{3}")) {
                byStatus.put(Integer.parseInt(code), response);
            }
        });
        for (ApiRoutes.Success success : route.successes) {
            ApiResponse response = new ApiResponse().description(success.description());
            if (success.status() != 204 && body != null) {
                response.setContent(body);
            }
            if (success.header() != null) {
                response.addHeaderObject(success.header(), new Header().schema(new StringSchema()));
            }
            byStatus.put(success.status(), response);
        }
        Map<Integer, List<String>> problems = new TreeMap<>();
        route.problems.forEach((status, slugs) -> problems.put(status, new ArrayList<>(slugs)));
        if (operation.getRequestBody() != null) {
            for (String slug :
                    List.of("malformed-request", "request-timeout", "payload-too-large", "unsupported-media-type")) {
                List<String> slugs =
                        problems.computeIfAbsent(ApiProblems.of(slug).status(), s -> new ArrayList<>());
                if (!slugs.contains(slug)) {
                    slugs.add(slug);
                }
            }
        }
        problems.put(500, List.of("internal-error"));
        problems.forEach((status, slugs) -> byStatus.put(status, problemResponse(slugs, route)));
        ApiResponses responses = new ApiResponses();
        byStatus.forEach((status, response) -> responses.addApiResponse(Integer.toString(status), response));
        return responses;
    }

    private static ApiResponse problemResponse(List<String> slugs, ApiRoutes.Route route) {
        List<ApiProblems.Problem> problems = slugs.stream().map(ApiProblems::of).toList();
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
        problems.forEach(p -> mediaType.addExamples(
                p.slug(),
                new Example()
                        .summary(p.title())
                        .value(ApiProblems.example(p, route.path, route.details.get(p.slug())))));
        ApiResponse response = new ApiResponse()
                .description(problems.stream()
                        .map(p -> p.title() + " (`" + p.slug() + "`)")
                        .collect(Collectors.joining("; ")))
                .content(new Content().addMediaType(PROBLEM_JSON, mediaType));
        if (slugs.contains("queue-full")) {
            response.addHeaderObject(
                    "Retry-After",
                    new Header()
                            .description("seconds to wait (dropwise.training.retry-after-seconds)")
                            .schema(new IntegerSchema()));
        }
        return response;
    }

    /** springdoc says {@code *}/{@code *} for a body it derives; the API answers JSON. */
    private static Content json(Content content) {
        Content result = new Content();
        content.forEach((type, mediaType) -> result.addMediaType(type.equals("*/*") ? JSON : type, mediaType));
        return result;
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details. Some problems add members: `queued` and `retryAfterSeconds` "
                        + "(429), `jobId` (422), `maxBytes` (413), `expected` (invalid instances), and on /v2 "
                        + "`error` (the detail, where V2 clients look for it).")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                .description("stable URI naming the kind of problem, under " + ProblemTypes.BASE))
                .addProperty("title", new StringSchema().description("short human summary of the kind of problem"))
                .addProperty("status", new IntegerSchema().description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what went wrong and what to change"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").description("the request path"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new Schema<>().$ref("#/components/schemas/" + FIELD_PROBLEM_SCHEMA))
                                .description("one entry per invalid field (validation problems)"));
    }

    private static Schema<?> fieldProblemSchema() {
        return new ObjectSchema()
                .addProperty("field", new StringSchema().description("path of the field, e.g. training.epochs"))
                .addProperty("message", new StringSchema().description("what is wrong with it"));
    }
}
