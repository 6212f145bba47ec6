package io.dropwise.model;

import io.dropwise.config.PredictionProperties;
import java.util.HashMap;
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
    private final ModelVersionRepository versions;
    private final ResolutionCache cache;

    ModelResolver(
            RegisteredModelRepository models,
            ModelAliasRepository aliases,
            ModelVersionRepository versions,
            PlatformTransactionManager transactions,
            PredictionProperties properties) {
        this.models = models;
        this.aliases = aliases;
        this.versions = versions;
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        this.cache = new ResolutionCache(
                name -> readOnly.execute(status -> load(name)), properties.resolutionTtl(), System::nanoTime);
    }

    /** The concrete version; 404 problems for an unknown name, alias or version (see {@link #resolveStored}). */
    public ModelVersionRef resolve(String name, VersionSelector selector) {
        return resolveStored(name, selector).ref();
    }

    /**
     * The concrete version and the id of its stored row (what a cache of decoded models keys on: a deleted and
     * re-created name reuses version numbers, never ids); 404 problems for an unknown name, alias or version,
     * including a deleted one. A number above the newest version known here is looked up in the database (another
     * instance may have registered it).
     */
    public StoredVersion resolveStored(String name, VersionSelector selector) {
        ResolutionCache.Snapshot snapshot = cache.snapshot(name).orElseThrow(() -> new ModelNotFoundException(name));
        int version = version(name, selector, snapshot);
        if (snapshot.ids() == null) {
            return new StoredVersion(new ModelVersionRef(name, version), -1);
        }
        Long id = snapshot.ids().get(version);
        if (id == null && selector.kind() == VersionSelector.Kind.NUMBER && version > snapshot.latest()) {
            snapshot = cache.reload(name).orElseThrow(() -> new ModelNotFoundException(name));
            id = snapshot.ids() == null ? Long.valueOf(-1) : snapshot.ids().get(version);
        }
        if (id == null) {
            throw new ModelVersionNotFoundException(name, selector.toString());
        }
        return new StoredVersion(new ModelVersionRef(name, version), id);
    }

    private static int version(String name, VersionSelector selector, ResolutionCache.Snapshot snapshot) {
        return switch (selector.kind()) {
            case LATEST -> {
                if (snapshot.latest() == 0) {
                    throw new ModelVersionNotFoundException(name, VersionSelector.LATEST_NAME);
                }
                yield snapshot.latest();
            }
            case NUMBER -> selector.number();
            case ALIAS -> {
                Integer aliased = snapshot.aliases().get(selector.alias());
                if (aliased == null) {
                    throw new ModelVersionNotFoundException(name, selector.alias());
                }
                yield aliased;
            }
        };
    }

    /** See {@link ResolutionCache#changing}: call in the transaction that changes the versions or aliases. */
    void changing(String name) {
        cache.changing(name);
    }

    private Optional<ResolutionCache.Snapshot> load(String name) {
        return models.findById(name).map(m -> {
            Map<String, Integer> aliasMap = new LinkedHashMap<>();
            aliases.forModel(name).forEach(a -> aliasMap.put(a.alias(), a.version()));
            Map<Integer, Long> ids = new HashMap<>();
            versions.ids(name).forEach(v -> ids.put(v.version(), v.id()));
            return new ResolutionCache.Snapshot(m.latestVersion(), aliasMap, Map.copyOf(ids), System.nanoTime());
        });
    }
}
