package io.dropwise.prediction;

import io.dropwise.config.PredictionProperties;
import io.dropwise.engine.ModelCodec;
import io.dropwise.model.ModelRegistry;
import io.dropwise.model.ModelResolver;
import io.dropwise.model.ModelVersionRef;
import io.dropwise.model.ServableVersion;
import io.dropwise.model.VersionSelector;
import org.springframework.stereotype.Component;

/**
 * Finds the model a request names: resolves the version from memory ({@link ModelResolver}) and takes the decoded
 * model from the {@link LoadedModelCache}. {@link #decode} is the one place where serving loads a model's bytes.
 */
@Component
class ModelLookup {

    private final ModelRegistry registry;
    private final ModelResolver resolver;
    private final LoadedModelCache<ModelVersionRef, ServedModel> cache;

    ModelLookup(ModelRegistry registry, ModelResolver resolver, PredictionProperties properties) {
        this.registry = registry;
        this.resolver = resolver;
        this.cache = new LoadedModelCache<>(this::decode, ServedModel::sizeBytes, properties.cacheMaxBytes());
    }

    /** The decoded model for a name and version selector; decoded at most once while it stays in the cache. */
    ServedModel served(String name, VersionSelector selector) {
        return cache.get(resolver.resolve(name, selector));
    }

    LoadedModelCache<ModelVersionRef, ServedModel> cache() {
        return cache;
    }

    private ServedModel decode(ModelVersionRef ref) {
        ServableVersion version = registry.servable(ref);
        return ServedModel.of(
                ref, ModelCodec.decode(version.modelData()), version.schema(), version.modelData().length);
    }
}
