package io.dropwise.security;

import io.dropwise.web.ProblemTypes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With API keys on, the OpenAPI document says so: a bearer scheme (and the {@code X-API-Key} header) that Swagger
 * UI's "Authorize" button fills in, and the 401 and 403 of every protected route.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("dropwise.security.enabled")
class OpenApiSecurityConfig {

    static final String SCHEME = "apiKey";
    static final String HEADER_SCHEME = "xApiKey";

    @Bean
    OpenApiCustomizer apiKeySecurityScheme() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(
                            SCHEME,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .description(
                                            "An API key: 'Authorization: Bearer <key>' (or 'X-API-Key: <key>'). Scopes: train "
                                                    + "(datasets, jobs, models), predict (prediction, /v2), admin (/api-keys), metrics."));
            openApi.getComponents()
                    .addSecuritySchemes(
                            HEADER_SCHEME,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.APIKEY)
                                    .in(SecurityScheme.In.HEADER)
                                    .name(ApiKeyAuthenticationFilter.API_KEY_HEADER)
                                    .description("The same API key in the X-API-Key header."));
            // two requirements: either scheme will do
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
            openApi.addSecurityItem(new SecurityRequirement().addList(HEADER_SCHEME));
            if (openApi.getPaths() != null) {
                openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(op -> secure(path, op)));
            }
        };
    }

    /** The public V2 probes need no key; every other route answers 401 without a valid key, 403 without the scope. */
    private static void secure(String path, Operation operation) {
        if (path.startsWith("/v2/health/")) {
            operation.setSecurity(List.of());
            return;
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.addApiResponse(
                "401",
                problem(
                        "No key, or an unknown or revoked one (`unauthorized`); " + "`WWW-Authenticate: Bearer`",
                        "unauthorized",
                        401,
                        "Missing or invalid API key"));
        responses.addApiResponse(
                "403",
                problem(
                        "The key lacks the scope this route needs (`forbidden`)",
                        "forbidden",
                        403,
                        "Insufficient scope"));
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        operation.setResponses(sorted);
    }

    private static ApiResponse problem(String description, String slug, int status, String title) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType()
                                        .schema(new Schema<>().$ref("#/components/schemas/Problem"))
                                        .addExamples(
                                                slug,
                                                new Example()
                                                        .value(Map.of(
                                                                "type",
                                                                ProblemTypes.BASE + slug,
                                                                "title",
                                                                title,
                                                                "status",
                                                                status)))));
    }
}
