package io.dropwise.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.KeysOnApplicationTest;
import io.dropwise.support.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * With API keys on (the same context as {@link SecurityIntegrationTests}: keep the properties identical), the
 * OpenAPI document lists every route, {@code /api-keys} included, says how to send a key, and which routes answer
 * 401 and 403; {@code http-requests/} calls every route.
 */
@KeysOnApplicationTest
class OpenApiSecurityIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void theDocumentListsEveryRouteWithItsSecurity() {
        JsonNode doc = new Api(port).get("/v3/api-docs").json();
        SortedSet<String> mapped = Routes.mapped(context);
        assertThat(mapped).contains("POST /api-keys", "GET /api-keys/{id}", "DELETE /api-keys/{id}");
        assertThat(Routes.documented(doc)).isEqualTo(mapped);

        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path(OpenApiSecurityConfig.SCHEME).path("scheme").asString())
                .isEqualTo("bearer");
        assertThat(schemes.path(OpenApiSecurityConfig.HEADER_SCHEME)
                        .path("name")
                        .asString())
                .isEqualTo("X-API-Key");
        assertThat(doc.path("security").toString())
                .contains(OpenApiSecurityConfig.SCHEME, OpenApiSecurityConfig.HEADER_SCHEME);

        List<String> faults = new ArrayList<>();
        doc.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    JsonNode responses = op.getValue().path("responses");
                    boolean open = path.getKey().startsWith("/v2/health/");
                    if (open == (responses.has("401") || responses.has("403"))) {
                        faults.add(
                                op.getKey() + " " + path.getKey() + (open ? ": public, yet 401/403" : ": no 401/403"));
                    }
                }));
        assertThat(faults).isEmpty();
        assertThat(doc.path("paths")
                        .path("/v2/health/live")
                        .path("get")
                        .path("security")
                        .isArray())
                .isTrue();
    }

    @Test
    void httpRequestsCallEveryRoute() {
        assertThat(Routes.notCalledByHttpRequests(Routes.mapped(context)))
                .as("routes no request in http-requests/*.http calls: add one to the file of its resource")
                .isEmpty();
    }
}
