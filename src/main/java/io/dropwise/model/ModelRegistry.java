package io.dropwise.model;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.model.ModelViews.AliasView;
import io.dropwise.model.ModelViews.ModelSummaryView;
import io.dropwise.model.ModelViews.ModelVersionView;
import io.dropwise.model.ModelViews.ModelView;
import io.dropwise.model.ModelViews.VersionSummaryView;
import io.dropwise.training.JobSpecCodec;
import io.dropwise.web.ApiException;
import io.dropwise.web.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The model registry: every successful training job adds the next version of the model it names; aliases point at
 * versions and can be moved. Resolving a name and a version selector ({@code 3}, {@code latest}, {@code champion})
 * is answered from memory (see {@link ResolutionCache}).
 */
@Service
public class ModelRegistry {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final RegisteredModelRepository models;
    private final ModelVersionRepository versions;
    private final ModelAliasRepository aliases;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ModelNormalization normalization;
    private final ModelResolver resolver;
    private final JobSpecCodec specs;
    private final Clock clock = Clock.systemUTC();

    ModelRegistry(
            RegisteredModelRepository models,
            ModelVersionRepository versions,
            ModelAliasRepository aliases,
            JdbcTemplate jdbc,
            ObjectMapper json,
            ModelNormalization normalization,
            ModelResolver resolver,
            JobSpecCodec specs) {
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.jdbc = jdbc;
        this.json = json;
        this.normalization = normalization;
        this.resolver = resolver;
        this.specs = specs;
    }

    /**
     * Registers the next version of {@code registration.modelName()}. Joins the caller's transaction (the job's
     * SUCCEEDED transaction when called from the event listener); concurrent registrations of one name, on this or
     * another instance, get distinct consecutive versions.
     */
    @Transactional
    public ModelVersionRef register(ModelRegistration registration) {
        String name = registration.modelName();
        String schemaJson = json.writeValueAsString(registration.schema());
        String metricsJson = json.writeValueAsString(metrics(registration.bestMetrics()));
        String normalizationJson = json.writeValueAsString(normalization.describe(registration));
        resolver.changing(name);
        jdbc.queryForObject("SELECT id FROM model_registry_lock WHERE id = 1 FOR UPDATE", Integer.class);
        Instant now = clock.instant();
        RegisteredModelEntity model = models.findById(name).orElseGet(() -> new RegisteredModelEntity(name, now));
        int version = model.nextVersion(now);
        models.save(model);
        versions.save(new ModelVersionEntity(name, version, registration, schemaJson, metricsJson, normalizationJson));
        return new ModelVersionRef(name, version);
    }

    /** Resolves a selector to a concrete version ({@link ModelResolver}). */
    public ModelVersionRef resolve(String name, VersionSelector selector) {
        return resolver.resolve(name, selector);
    }

    /** The stored model and schema of a version, for prediction; 404 problems when the version does not exist. */
    @Transactional(readOnly = true)
    public ServableVersion servable(ModelVersionRef ref) {
        ModelVersionRepository.Servable row = versions.servable(ref.name(), ref.version())
                .orElseThrow(() -> notFound(ref.name(), Integer.toString(ref.version())));
        return new ServableVersion(ref, json.readValue(row.schemaJson(), DatasetSchema.class), row.modelData());
    }

    /** The stored version by its row id (a name deleted and registered again reuses numbers, never ids). */
    @Transactional(readOnly = true)
    public ServableVersion servable(StoredVersion stored) {
        if (stored.id() < 0) {
            return servable(stored.ref());
        }
        ModelVersionRef ref = stored.ref();
        ModelVersionRepository.Servable row = versions.servableById(stored.id())
                .orElseThrow(() -> notFound(ref.name(), Integer.toString(ref.version())));
        return new ServableVersion(ref, json.readValue(row.schemaJson(), DatasetSchema.class), row.modelData());
    }

    @Transactional(readOnly = true)
    public Page<ModelSummaryView> list(Pageable pageable) {
        Page<RegisteredModelEntity> page = models.findAll(pageable);
        List<String> names =
                page.getContent().stream().map(RegisteredModelEntity::name).toList();
        Map<String, Map<String, Integer>> aliasesByModel = names.isEmpty()
                ? Map.of()
                : aliases.forModels(names).stream()
                        .collect(Collectors.groupingBy(
                                ModelAliasEntity::modelName,
                                Collectors.toMap(
                                        ModelAliasEntity::alias,
                                        ModelAliasEntity::version,
                                        (a, b) -> a,
                                        LinkedHashMap::new)));
        return page.map(m -> new ModelSummaryView(
                m.name(),
                m.latestVersion(),
                aliasesByModel.getOrDefault(m.name(), Map.of()),
                m.createdAt(),
                m.updatedAt()));
    }

    @Transactional(readOnly = true)
    public ModelView describe(String name) {
        RegisteredModelEntity model = models.findById(name).orElseThrow(() -> new ModelNotFoundException(name));
        Map<String, Integer> aliasMap = aliasMap(name);
        List<VersionSummaryView> versionViews = versions.summaries(name).stream()
                .map(v -> new VersionSummaryView(
                        v.version(),
                        aliasesOf(aliasMap, v.version()),
                        v.sourceJobId(),
                        v.sourceJobDeletedAt(),
                        v.datasetId(),
                        v.sizeBytes(),
                        v.createdAt(),
                        readMap(v.metricsJson())))
                .toList();
        return new ModelView(name, model.latestVersion(), aliasMap, versionViews, model.createdAt(), model.updatedAt());
    }

    @Transactional(readOnly = true)
    public ModelVersionView describeVersion(String name, VersionSelector selector) {
        ModelVersionRef ref = resolve(name, selector);
        ModelVersionEntity v =
                versions.find(name, ref.version()).orElseThrow(() -> notFound(name, selector.toString()));
        DatasetSchema schema = json.readValue(v.schemaJson(), DatasetSchema.class);
        // the stored copy carries the training package's format version, which the API never shows
        JsonNode spec = specs.readTree(v.specJson());
        return new ModelVersionView(
                name,
                v.version(),
                aliasesOf(aliasMap(name), v.version()),
                v.task(),
                v.sourceJobId(),
                v.sourceJobDeletedAt(),
                v.datasetId(),
                spec,
                ModelViews.SchemaView.of(schema),
                json.readValue(v.normalizationJson(), ModelViews.NormalizationView.class),
                v.bestEpoch(),
                readMap(v.metricsJson()),
                v.sizeBytes(),
                v.createdAt(),
                v.provenanceJson() == null ? null : json.readTree(v.provenanceJson()));
    }

    /**
     * A sweep chose this version: records where it came from ({@code provenanceJson}, shown by
     * {@code GET /models/{name}/versions/{v}}) and moves alias {@code alias} to it, in the caller's transaction.
     */
    @Transactional
    public void chosenBySweep(String name, int version, String provenanceJson, String alias) {
        versions.find(name, version)
                .orElseThrow(() -> notFound(name, Integer.toString(version)))
                .provenance(provenanceJson);
        setAlias(name, alias, version);
    }

    /** Points {@code alias} at {@code version} (creating or moving it). */
    @Transactional
    public AliasView setAlias(String name, String alias, int version) {
        checkAliasName(alias);
        resolver.changing(name);
        models.lock(name).orElseThrow(() -> new ModelNotFoundException(name));
        if (!versions.exists(name, version)) {
            throw notFound(name, Integer.toString(version));
        }
        Instant now = clock.instant();
        ModelAliasEntity entity = aliases.findById(new ModelAliasEntity.Key(name, alias))
                .orElseGet(() -> new ModelAliasEntity(name, alias, version, now));
        entity.moveTo(version, now);
        aliases.save(entity);
        return new AliasView(name, alias, version, now);
    }

    @Transactional
    public void deleteAlias(String name, String alias) {
        resolver.changing(name);
        models.lock(name).orElseThrow(() -> new ModelNotFoundException(name));
        ModelAliasEntity entity = aliases.findById(new ModelAliasEntity.Key(name, alias))
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "model-alias-not-found",
                        "Alias not found",
                        "Model '" + name + "' has no alias '" + alias + "'."));
        aliases.delete(entity);
    }

    private Map<String, Integer> aliasMap(String name) {
        Map<String, Integer> map = new LinkedHashMap<>();
        aliases.forModel(name).forEach(a -> map.put(a.alias(), a.version()));
        return map;
    }

    private static List<String> aliasesOf(Map<String, Integer> aliasMap, int version) {
        return aliasMap.entrySet().stream()
                .filter(e -> e.getValue() == version)
                .map(Map.Entry::getKey)
                .toList();
    }

    private Map<String, Object> readMap(String text) {
        return json.readValue(text, MAP);
    }

    private static ModelVersionNotFoundException notFound(String name, String selector) {
        return new ModelVersionNotFoundException(name, selector);
    }

    private static void checkAliasName(String alias) {
        if (!VersionSelector.ALIAS_NAME.matcher(alias).matches()
                || VersionSelector.LATEST_NAME.equalsIgnoreCase(alias)) {
            throw ValidationException.of(
                    "alias",
                    "'" + alias + "' is not allowed: an alias must match "
                            + "[A-Za-z][A-Za-z0-9_.-]{0,63} and not be 'latest'");
        }
    }

    /** Best-epoch metrics with not-applicable (NaN) values as null, so the JSON stays plain. */
    private static Map<String, Object> metrics(EpochMetrics m) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (m == null) {
            return map;
        }
        map.put("epoch", m.epoch());
        map.put("trainLoss", finite(m.trainLoss()));
        map.put("trainAccuracy", finite(m.trainAccuracy()));
        map.put("validationLoss", finite(m.validationLoss()));
        map.put("validationAccuracy", finite(m.validationAccuracy()));
        map.put("validationRmse", finite(m.validationRmse()));
        map.put("gap", finite(m.gap()));
        map.put("learningRate", finite(m.learningRate()));
        return map;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
