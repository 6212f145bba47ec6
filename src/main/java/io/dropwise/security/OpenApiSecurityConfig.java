package io.dropwise.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With API keys on, the OpenAPI document says so: a bearer scheme that Swagger UI's "Authorize" button fills in. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("dropwise.security.enabled")
class OpenApiSecurityConfig {

    static final String SCHEME = "apiKey";

    @Bean
    OpenApiCustomizer apiKeySecurityScheme() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("An API key: 'Authorization: Bearer <key>' (or 'X-API-Key: <key>'). Scopes: train "
                            + "(datasets, jobs, models), predict (prediction, /v2), admin (/api-keys), metrics."));
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        };
    }
}
