package io.dropwise.model;

import io.dropwise.config.PredictionProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resolves a model name and a version selector ({@code 3}, {@code latest}, {@code champion}) to a concrete version,
 * from memory when the name is known ({@link ResolutionCache}). Deliberately a plain bean (no proxy): it is on the
 * path of every prediction.
 */
@Component
public class ModelResolver {

    private final RegisteredModelRepository models;
    private final ModelAliasRepository aliases;
    private final ResolutionCache cache;

    ModelResolver(
            RegisteredModelRepository models,
            ModelAliasRepository aliases,
            PlatformTransactionManager transactions,
            PredictionProperties properties) {
        this.models = models;
        this.aliases = aliases;
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        this.cache = new ResolutionCache(
                name -> readOnly.execute(status -> load(name)), properties.resolutionTtl(), System::nanoTime);
    }

    /**
     * The concrete version; 404 problems for an unknown name or alias. A number is returned as is (whether it
     * exists is checked when the version is loaded).
     */
    public ModelVersionRef resolve(String name, VersionSelector selector) {
        ResolutionCache.Snapshot snapshot = cache.snapshot(name).orElseThrow(() -> new ModelNotFoundException(name));
        int version = switch (selector.kind()) {
            case LATEST -> snapshot.latest();
            case NUMBER -> selector.number();
            case ALIAS -> {
                Integer aliased = snapshot.aliases().get(selector.alias());
                if (aliased == null) {
                    throw new ModelVersionNotFoundException(name, selector.alias());
                }
                yield aliased;
            }
        };
        return new ModelVersionRef(name, version);
    }

    /** See {@link ResolutionCache#changing}: call in the transaction that changes the versions or aliases. */
    void changing(String name) {
        cache.changing(name);
    }

    private Optional<ResolutionCache.Snapshot> load(String name) {
        return models.findById(name).map(m -> {
            Map<String, Integer> aliasMap = new LinkedHashMap<>();
            aliases.forModel(name).forEach(a -> aliasMap.put(a.alias(), a.version()));
            return new ResolutionCache.Snapshot(m.latestVersion(), aliasMap, System.nanoTime());
        });
    }
}
