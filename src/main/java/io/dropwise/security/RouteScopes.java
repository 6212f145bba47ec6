package io.dropwise.security;

import io.dropwise.security.ScopePolicy.Requirement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table that says which (method, route) needs which scope. A key is {@code METHOD pattern}, the pattern
 * exactly as the handler mapping declares it ({@code *} for a mapping that takes every method). {@link ScopePolicy}
 * walks the real handler mappings and looks each route up here: a mapped route missing from this table is refused to
 * everybody (and fails {@code ScopeTableIntegrationTests}), never silently open. Add a line with every new endpoint.
 */
final class RouteScopes {

    private static final Requirement PUBLIC = Requirement.PUBLIC;
    private static final Requirement TRAIN = Requirement.scope(ApiScope.TRAIN);
    private static final Requirement PREDICT = Requirement.scope(ApiScope.PREDICT);
    private static final Requirement ADMIN = Requirement.scope(ApiScope.ADMIN);
    private static final Requirement METRICS = Requirement.scope(ApiScope.METRICS);

    /** Actuator endpoints that an operator exposes beyond the ones listed below need {@code admin}. */
    static final String ACTUATOR_PREFIX = "/actuator";

    static final Map<String, Requirement> TABLE = table(
            // probes, documentation and the error page: public
            "GET /actuator/health", PUBLIC,
            "GET /actuator/health/**", PUBLIC,
            "GET /actuator/info", PUBLIC,
            "GET /v2/health/live", PUBLIC,
            "GET /v2/health/ready", PUBLIC,
            "GET /v3/api-docs", PUBLIC,
            "GET /v3/api-docs.yaml", PUBLIC,
            "GET /v3/api-docs/swagger-config", PUBLIC,
            "GET /swagger-ui.html", PUBLIC,
            "* /error", PUBLIC,
            // operations
            "GET /actuator", ADMIN,
            "GET /actuator/prometheus", METRICS,
            "GET /actuator/metrics", METRICS,
            "GET /actuator/metrics/{requiredMetricName}", METRICS,
            "POST /api-keys", ADMIN,
            "GET /api-keys", ADMIN,
            "GET /api-keys/{id}", ADMIN,
            "DELETE /api-keys/{id}", ADMIN,
            // datasets and jobs
            "POST /datasets", TRAIN,
            "GET /datasets", TRAIN,
            "GET /datasets/{id}", TRAIN,
            "DELETE /datasets/{id}", TRAIN,
            "POST /jobs", TRAIN,
            "GET /jobs", TRAIN,
            "GET /jobs/{id}", TRAIN,
            "GET /jobs/{id}/metrics", TRAIN,
            "GET /jobs/{id}/checkpoints", TRAIN,
            "GET /jobs/{id}/deliveries", TRAIN,
            "GET /jobs/{id}/events", TRAIN,
            "POST /jobs/{id}/cancel", TRAIN,
            // lifecycle: deleting is training work too (as DELETE /datasets/{id}); admin is for keys and operations
            "DELETE /jobs/{id}", TRAIN,
            "POST /jobs/{id}/register", TRAIN,
            "POST /sweeps", TRAIN,
            "GET /sweeps", TRAIN,
            "GET /sweeps/{id}", TRAIN,
            "GET /sweeps/{id}/events", TRAIN,
            "POST /sweeps/{id}/cancel", TRAIN,
            "DELETE /sweeps/{id}", TRAIN,
            "GET /sweeps/{id}/deliveries", TRAIN,
            // the model registry: reading it and moving aliases is training work, not prediction
            "GET /models", TRAIN,
            "GET /models/{name}", TRAIN,
            "GET /models/{name}/versions/{version}", TRAIN,
            "PUT /models/{name}/aliases/{alias}", TRAIN,
            "DELETE /models/{name}/aliases/{alias}", TRAIN,
            // models in and out: exporting reads the registry, importing adds a version (training work too)
            "GET /models/{name}/versions/{version}/export", TRAIN,
            "POST /models/{name}/versions", TRAIN,
            "DELETE /models/{name}/versions/{version}", TRAIN,
            "DELETE /models/{name}", TRAIN,
            // prediction and the Open Inference Protocol
            "POST /models/{name}/predict", PREDICT,
            "POST /models/{name}/versions/{version}/predict", PREDICT,
            "POST /batch-predictions", PREDICT,
            "GET /batch-predictions", PREDICT,
            "GET /batch-predictions/{id}", PREDICT,
            "GET /batch-predictions/{id}/result", PREDICT,
            "POST /batch-predictions/{id}/cancel", PREDICT,
            "DELETE /batch-predictions/{id}", PREDICT,
            "GET /batch-predictions/{id}/deliveries", PREDICT,
            "GET /v2", PREDICT,
            "GET /v2/", PREDICT,
            "GET /v2/models/{name}", PREDICT,
            "GET /v2/models/{name}/versions/{version}", PREDICT,
            "GET /v2/models/{name}/ready", PREDICT,
            "GET /v2/models/{name}/versions/{version}/ready", PREDICT,
            "POST /v2/models/{name}/infer", PREDICT,
            "POST /v2/models/{name}/versions/{version}/infer", PREDICT);

    /**
     * Paths served by resource handlers and view controllers, not handler methods: public for GET and HEAD (Swagger
     * UI's files; the dashboard's shell page, deep links and assets, so that a deep link can ask for a key — its data
     * calls go to the API routes above and need one).
     */
    static final String[] PUBLIC_RESOURCES = {
        "/swagger-ui/**", "/", "/index.html", "/ui", "/ui/**", "/dashboard/**", "/webjars/**", "/favicon.ico"
    };

    private RouteScopes() {}

    private static Map<String, Requirement> table(Object... pairs) {
        Map<String, Requirement> table = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (table.put((String) pairs[i], (Requirement) pairs[i + 1]) != null) {
                throw new IllegalStateException("route listed twice: " + pairs[i]);
            }
        }
        return Map.copyOf(table);
    }
}
