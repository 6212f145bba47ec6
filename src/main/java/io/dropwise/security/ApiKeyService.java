package io.dropwise.security;

import io.dropwise.config.ApiSecurityProperties;
import io.dropwise.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, checks, lists and revokes API keys; stores the configured bootstrap key at startup. */
@Service
@ConditionalOnBooleanProperty("dropwise.security.enabled")
class ApiKeyService implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    /** {@code last_used_at} is written at most this often per key, not on every request. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** A key as created: the plain {@code key} exists only in this object, returned once to the caller. */
    record CreatedKey(ApiKeyPrincipal principal, Instant createdAt, String key) {}

    private final ApiKeyRepository repository;
    private final ApiSecurityProperties properties;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository repository, ApiSecurityProperties properties) {
        this.repository = repository;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** The identity of a current key, or empty for an unknown or revoked one. */
    Optional<ApiKeyPrincipal> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(presentedKey);
        // looking a key up by its hash leaks nothing: the hash of a 256-bit random key cannot be steered
        Optional<ApiKeyEntity> found = repository
                .findByKeyHash(hash)
                .filter(k -> ApiKeys.sameHash(k.getKeyHash(), hash))
                .filter(ApiKeyEntity::isActive);
        found.ifPresent(this::touch);
        return found.map(ApiKeyEntity::principal);
    }

    @Transactional
    CreatedKey create(String name, Set<ApiScope> scopes) {
        String key = ApiKeys.generate();
        ApiKeyEntity saved =
                repository.save(new ApiKeyEntity(name.trim(), ApiKeys.prefix(key), ApiKeys.hash(key), scopes, now()));
        log.info("Created API key {} with scopes {}", saved.principal(), scopes);
        return new CreatedKey(saved.principal(), saved.getCreatedAt(), key);
    }

    /** Whether the key with this id exists and is not revoked. */
    @Transactional(readOnly = true)
    boolean isActive(long id) {
        return repository.findById(id).map(ApiKeyEntity::isActive).orElse(false);
    }

    @Transactional(readOnly = true)
    List<ApiKeyEntity> list() {
        return repository.findAllByOrderByIdAsc();
    }

    @Transactional(readOnly = true)
    ApiKeyEntity get(long id) {
        return repository.findById(id).orElseThrow(() -> notFound(id));
    }

    /** Revokes a key (idempotent). The last active key with the {@code admin} scope cannot be revoked. */
    @Transactional
    ApiKeyEntity revoke(long id) {
        // before reading any key: two admin keys revoking each other would otherwise each count the other as active
        repository.lockRevocations();
        ApiKeyEntity key = get(id);
        if (key.isActive() && key.getScopes().contains(ApiScope.ADMIN) && activeAdminKeys() == 1) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "last-admin-key",
                    "Last admin key",
                    "Key " + id + " is the last active key with the 'admin' scope; create another admin key first, "
                            + "or nobody could manage keys any more.");
        }
        key.revoke(now());
        log.info("Revoked API key {}", key.principal());
        return key;
    }

    /** Stores the bootstrap key before the server accepts requests. */
    @Override
    public void afterSingletonsInstantiated() {
        String key = properties.bootstrapKey();
        if (key == null || key.isBlank()) {
            if (repository.count() == 0) {
                log.warn("API keys are enabled but none exists: every protected request will be refused. "
                        + "Set dropwise.security.bootstrap-key (DROPWISE_SECURITY_BOOTSTRAP_KEY) to create one.");
            }
            return;
        }
        key = key.trim();
        if (key.length() < ApiKeys.MIN_KEY_LENGTH) {
            throw new IllegalStateException("dropwise.security.bootstrap-key must be at least " + ApiKeys.MIN_KEY_LENGTH
                    + " characters long (e.g. the output of 'openssl rand -hex 24')");
        }
        if (repository.findByKeyHash(ApiKeys.hash(key)).isPresent()) {
            return; // present, possibly revoked on purpose: a revoked bootstrap key stays revoked
        }
        try {
            ApiKeyEntity saved = repository.save(new ApiKeyEntity(
                    properties.bootstrapKeyName(),
                    ApiKeys.prefix(key),
                    ApiKeys.hash(key),
                    EnumSet.allOf(ApiScope.class),
                    now()));
            log.info("Stored the bootstrap API key as {} with every scope", saved.principal());
        } catch (DataIntegrityViolationException raced) {
            log.info("The bootstrap API key was stored by another instance");
        }
    }

    private long activeAdminKeys() {
        return repository.findAll().stream()
                .filter(ApiKeyEntity::isActive)
                .filter(k -> k.getScopes().contains(ApiScope.ADMIN))
                .count();
    }

    private void touch(ApiKeyEntity key) {
        Instant now = now();
        if (key.getLastUsedAt() == null || key.getLastUsedAt().isBefore(now.minus(TOUCH_INTERVAL))) {
            repository.touch(key.getId(), now);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ApiException notFound(long id) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "api-key-not-found",
                "API key not found",
                "There is no API key with id " + id + ". GET /api-keys lists them.");
    }
}
