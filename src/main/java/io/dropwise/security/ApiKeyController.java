package io.dropwise.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api-keys}: create (the key is in the response once, never again), list, describe, revoke. Needs the
 * {@code admin} scope; exists only when {@code dropwise.security.enabled=true}.
 */
@RestController
@RequestMapping("/api-keys")
@ConditionalOnBooleanProperty("dropwise.security.enabled")
class ApiKeyController {

    record ApiKeyCreateRequest(
            // PostgreSQL refuses NUL in text, and control characters have no business in a name that logs show
            @NotBlank
            @Size(max = 100)
            @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
            String name,

            @NotEmpty @Size(max = 4) Set<@NotNull ApiScope> scopes) {}

    /** A key as listed: never the key or its hash. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiKeyView(
            long id,
            String name,
            String prefix,
            List<ApiScope> scopes,
            boolean active,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt) {

        static ApiKeyView of(ApiKeyEntity key) {
            return new ApiKeyView(
                    key.getId(),
                    key.getName(),
                    key.getKeyPrefix(),
                    List.copyOf(key.getScopes()),
                    key.isActive(),
                    key.getCreatedAt(),
                    key.getLastUsedAt(),
                    key.getRevokedAt());
        }
    }

    /** The answer to a creation: the only time the plain {@code key} is shown. */
    record ApiKeyCreatedResponse(
            long id, String name, String prefix, List<ApiScope> scopes, Instant createdAt, String key) {}

    record ApiKeyListResponse(List<ApiKeyView> items) {}

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    ResponseEntity<ApiKeyCreatedResponse> create(@Valid @RequestBody ApiKeyCreateRequest request) {
        ApiKeyService.CreatedKey created = keys.create(request.name(), EnumSet.copyOf(request.scopes()));
        ApiKeyPrincipal p = created.principal();
        return ResponseEntity.created(URI.create("/api-keys/" + p.id()))
                .body(new ApiKeyCreatedResponse(
                        p.id(), p.name(), p.prefix(), List.copyOf(p.scopes()), created.createdAt(), created.key()));
    }

    @GetMapping
    ApiKeyListResponse list() {
        return new ApiKeyListResponse(keys.list().stream().map(ApiKeyView::of).toList());
    }

    @GetMapping("/{id}")
    ApiKeyView get(@PathVariable long id) {
        return ApiKeyView.of(keys.get(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id) {
        keys.revoke(id);
    }
}
