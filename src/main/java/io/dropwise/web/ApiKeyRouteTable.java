package io.dropwise.web;

import static io.dropwise.web.ApiRoutes.API_KEYS;
import static io.dropwise.web.ApiRoutes.route;

/** The {@link ApiRoutes} entries of API key management (docs/operations.md, Security). */
final class ApiKeyRouteTable {

    private static final String NOT_A_NUMBER = "Failed to convert 'id' with value: 'abc'";
    private static final String CREATED = "the new resource; `Location` names it";

    private ApiKeyRouteTable() {}

    static void register() {
        route(
                        "POST",
                        "/api-keys",
                        API_KEYS,
                        "createApiKey",
                        "Create a key: the plain key is in this response once, never again")
                .ok(201, "The key, with its plain value in `key`. " + CREATED, "Location")
                .problems("validation")
                .example(
                        "ci",
                        "A key for a CI job that trains and predicts",
                        "{\"name\": \"ci\", \"scopes\": [\"train\", \"predict\"]}");
        route("GET", "/api-keys", API_KEYS, "listApiKeys", "List keys (never the key or its hash)")
                .ok(200, "Every key");
        route("GET", "/api-keys/{id}", API_KEYS, "getApiKey", "One key (never the key or its hash)")
                .ok(200, "The key")
                .problem("malformed-request", NOT_A_NUMBER)
                .problems("api-key-not-found");
        route(
                        "DELETE",
                        "/api-keys/{id}",
                        API_KEYS,
                        "revokeApiKey",
                        "Revoke a key (for good; the last active admin key cannot be revoked)")
                .ok(204, "Revoked")
                .problem("malformed-request", NOT_A_NUMBER)
                .problems("api-key-not-found", "last-admin-key");
    }
}
