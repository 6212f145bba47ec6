package io.dropwise.dataset;

import io.dropwise.config.LimitsProperties;
import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.engine.Task;
import io.dropwise.web.ApiException;
import io.dropwise.web.PageView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses, stores, lists, describes and deletes datasets, and decodes them for training. Parsing happens before any
 * transaction and a rejected upload writes nothing; the row is inserted in one short transaction.
 */
@Service
class DatasetService implements DatasetProvider {

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);
    private static final TypeReference<List<Integer>> INTEGER_LIST = new TypeReference<>() {};
    private static final int MAX_SCHEMA_JSON = 1_000_000;

    private final DatasetRepository repository;
    private final JsonMapper json;
    private final LimitsProperties limits;
    private final ObjectProvider<DatasetInUseCheck> inUseChecks;
    private final SecureRandom random = new SecureRandom();

    DatasetService(
            DatasetRepository repository,
            JsonMapper json,
            LimitsProperties limits,
            ObjectProvider<DatasetInUseCheck> inUseChecks) {
        this.repository = repository;
        this.json = json;
        this.limits = limits;
        this.inUseChecks = inUseChecks;
    }

    /** What an upload asks for: a name, the label column (null: last) and the task (null: inferred). */
    record UploadRequest(String name, String labelColumn, Task task) {}

    DatasetView upload(UploadRequest request, InputStream body, Charset charset) throws IOException {
        LimitedInputStream counted = new LimitedInputStream(body, limits.maxUploadBytes());
        ParsedDataset parsed = parse(counted, charset, request);
        DatasetEntity entity = entity(newId(), request.name(), parsed, counted.count(), false);
        repository.saveAndFlush(entity);
        log.info(
                "Stored dataset {} ('{}'): {} rows, {} features, {} bytes",
                entity.getId(),
                entity.getName(),
                entity.getRowCount(),
                entity.getFeatureCount(),
                entity.getSizeBytes());
        return view(entity.getId());
    }

    /**
     * Stores a built-in dataset unless a row with its id exists. Safe when several instances start at once: a lost
     * insert race (duplicate key) counts as installed.
     *
     * @return true when this call inserted it
     */
    boolean installBuiltin(BuiltinDatasets.Builtin builtin, InputStream csv, Charset charset) throws IOException {
        String id = builtin.id();
        if (repository.existsById(id)) {
            return false;
        }
        LimitedInputStream counted = new LimitedInputStream(csv, Long.MAX_VALUE);
        ParsedDataset parsed = parse(counted, charset, new UploadRequest(id, builtin.labelColumn(), builtin.task()));
        try {
            repository.saveAndFlush(entity(id, id, parsed, counted.count(), true));
            return true;
        } catch (DataIntegrityViolationException e) {
            if (repository.existsById(id)) {
                log.debug("Built-in dataset {} was inserted concurrently by another instance", id);
                return false;
            }
            throw e;
        }
    }

    PageView<DatasetSummaryView> list(Pageable request) {
        return PageView.of(repository.findAllProjectedBy(request), this::summary);
    }

    DatasetView view(String id) {
        return view(repository.findMetadataById(id).orElseThrow(() -> new DatasetNotFoundException(id)));
    }

    /** Deletes an uploaded dataset; built-ins and datasets of queued or running jobs or sweeps are refused with 409. */
    @Transactional
    void delete(String id) {
        DatasetMetadata dataset = repository.findMetadataById(id).orElseThrow(() -> new DatasetNotFoundException(id));
        if (dataset.isBuiltin()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "dataset-builtin",
                    "Built-in dataset",
                    "'" + id + "' is a built-in dataset and cannot be deleted. Only uploaded datasets can be deleted.");
        }
        if (inUseChecks.orderedStream().anyMatch(check -> check.inUse(id))) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "dataset-in-use",
                    "Dataset in use",
                    "Dataset '" + id
                            + "' is used by a queued or running job or sweep. Cancel it or wait for it to finish,"
                            + " then retry.");
        }
        repository.deleteReturningCount(id);
        log.info("Deleted dataset {}", id);
    }

    @Override
    public boolean exists(String datasetId) {
        return datasetId != null && repository.existsById(datasetId);
    }

    @Override
    public Optional<DatasetDescription> describe(String datasetId) {
        if (datasetId == null) {
            return Optional.empty();
        }
        return repository
                .findMetadataById(datasetId)
                .map(m -> new DatasetDescription(m.getId(), m.getName(), schema(m.getSchemaJson()), m.getRowCount()));
    }

    @Override
    @Transactional(readOnly = true)
    public LoadedDataset load(String datasetId) {
        DatasetEntity entity =
                repository.findById(datasetId).orElseThrow(() -> new DatasetNotFoundException(datasetId));
        return new LoadedDataset(
                entity.getId(),
                entity.getName(),
                schema(entity.getSchemaJson()),
                DatasetCodec.decode(entity.getData()));
    }

    private ParsedDataset parse(LimitedInputStream in, Charset charset, UploadRequest request) throws IOException {
        DatasetParser.Options options =
                new DatasetParser.Options(request.labelColumn(), request.task(), limits.maxRows(), limits.maxColumns());
        return DatasetParser.parse(new StrictDecoder(in, charset), options);
    }

    private DatasetEntity entity(String id, String name, ParsedDataset parsed, long sizeBytes, boolean builtin) {
        String schemaJson = json.writeValueAsString(parsed.schema());
        if (schemaJson.length() > MAX_SCHEMA_JSON) {
            throw InvalidDatasetException.limit("The dataset's columns and categories take " + schemaJson.length()
                    + " characters to describe; at most " + MAX_SCHEMA_JSON + " are stored. Send fewer columns.");
        }
        String classCounts = json.writeValueAsString(parsed.classCounts());
        byte[] data = DatasetCodec.encode(parsed.data());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new DatasetEntity(
                id,
                name,
                parsed.schema(),
                schemaJson,
                classCounts,
                parsed.data().rows(),
                data,
                sizeBytes,
                builtin,
                now);
    }

    private String newId() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return "ds-" + HexFormat.of().formatHex(bytes);
    }

    private DatasetSchema schema(String schemaJson) {
        return json.readValue(schemaJson, DatasetSchema.class);
    }

    private DatasetSummaryView summary(DatasetMetadata m) {
        return new DatasetSummaryView(
                m.getId(),
                m.getName(),
                lower(m.getTask()),
                m.getLabelColumn(),
                m.getRowCount(),
                m.getFeatureCount(),
                json.readValue(m.getClassCounts(), INTEGER_LIST).size(),
                m.getSizeBytes(),
                m.isBuiltin(),
                m.getCreatedAt());
    }

    private DatasetView view(DatasetMetadata m) {
        DatasetSchema schema = schema(m.getSchemaJson());
        List<Integer> counts = json.readValue(m.getClassCounts(), INTEGER_LIST);
        List<DatasetView.ClassView> classes = new ArrayList<>();
        for (int i = 0; i < schema.classes().size(); i++) {
            classes.add(new DatasetView.ClassView(schema.classes().get(i), counts.get(i)));
        }
        List<DatasetView.FeatureView> features =
                schema.features().stream().map(DatasetService::featureView).toList();
        return new DatasetView(
                m.getId(),
                m.getName(),
                lower(m.getTask()),
                m.getLabelColumn(),
                m.getRowCount(),
                m.getFeatureCount(),
                m.getInputWidth(),
                features,
                classes,
                m.getSizeBytes(),
                m.getStoredBytes(),
                m.isBuiltin(),
                m.getCreatedAt());
    }

    private static DatasetView.FeatureView featureView(Feature f) {
        boolean numeric = f.kind() == Feature.Kind.NUMERIC;
        return new DatasetView.FeatureView(
                f.name(),
                lower(f.kind()),
                f.categories(),
                numeric ? f.mean() : null,
                numeric ? f.std() : null,
                numeric ? f.min() : null,
                numeric ? f.max() : null);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
