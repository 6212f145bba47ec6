package io.dropwise.prediction;

import io.dropwise.config.PredictionProperties;
import io.dropwise.engine.ModelCodec;
import io.dropwise.model.ModelRegistry;
import io.dropwise.model.ModelResolver;
import io.dropwise.model.ModelVersionRef;
import io.dropwise.model.ModelVersionsDeleted;
import io.dropwise.model.ServableVersion;
import io.dropwise.model.StoredVersion;
import io.dropwise.model.VersionSelector;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Finds the model a request names: resolves the version from memory ({@link ModelResolver}) and takes the decoded
 * model from the {@link LoadedModelCache}. {@link #decode} is the one place where serving loads a model's bytes.
 */
@Component
class ModelLookup {

    private final ModelRegistry registry;
    private final ModelResolver resolver;
    private final LoadedModelCache<StoredVersion, ServedModel> cache;

    ModelLookup(ModelRegistry registry, ModelResolver resolver, PredictionProperties properties) {
        this.registry = registry;
        this.resolver = resolver;
        this.cache = new LoadedModelCache<>(this::decode, ServedModel::sizeBytes, properties.cacheMaxBytes());
    }

    /** The decoded model for a name and version selector; decoded at most once while it stays in the cache. */
    ServedModel served(String name, VersionSelector selector) {
        return cache.get(resolver.resolveStored(name, selector));
    }

    LoadedModelCache<StoredVersion, ServedModel> cache() {
        return cache;
    }

    /** True when the version is decoded in the cache. */
    boolean loaded(ModelVersionRef ref) {
        return cache.containsAny(key -> key.ref().equals(ref));
    }

    /** Deleted versions: their decoded models go once the deletion commits (the resolver already refuses them). */
    @TransactionalEventListener
    void on(ModelVersionsDeleted event) {
        cache.invalidate(key -> key.ref().name().equals(event.name())
                && event.versions().contains(key.ref().version()));
    }

    private ServedModel decode(StoredVersion stored) {
        ModelVersionRef ref = stored.ref();
        ServableVersion version = registry.servable(stored);
        return ServedModel.of(
                ref, ModelCodec.decode(version.modelData()), version.schema(), version.modelData().length);
    }
}
