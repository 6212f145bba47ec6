package io.dropwise.model;

import io.dropwise.engine.Task;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One registered version of a model: where it came from, what it expects, and the trained model itself. */
@Entity
@Table(name = "model_version")
class ModelVersionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "model_name", nullable = false, length = 128)
    private String modelName;

    @Column(name = "version", nullable = false)
    private int version;

    @Column(name = "source_job_id", length = 64)
    private String sourceJobId;

    @Column(name = "dataset_id", nullable = false, length = 64)
    private String datasetId;

    @Enumerated(EnumType.STRING)
    @Column(name = "task", nullable = false, length = 16)
    private Task task;

    @Column(name = "input_width", nullable = false)
    private int inputWidth;

    @Column(name = "spec_json", nullable = false, length = 200_000)
    private String specJson;

    @Column(name = "schema_json", nullable = false, length = 1_000_000)
    private String schemaJson;

    @Column(name = "best_epoch", nullable = false)
    private int bestEpoch;

    @Column(name = "metrics_json", nullable = false, length = 4000)
    private String metricsJson;

    @Column(name = "normalization_json", nullable = false, length = 1_000_000)
    private String normalizationJson;

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "model_data", nullable = false)
    private byte[] modelData;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "source_job_deleted_at")
    private Instant sourceJobDeletedAt;

    /** Where the version came from when a sweep chose it (JSON), else null. */
    @Column(name = "provenance_json", length = 20_000)
    private String provenanceJson;

    protected ModelVersionEntity() {}

    ModelVersionEntity(
            String modelName,
            int version,
            ModelRegistration registration,
            String schemaJson,
            String metricsJson,
            String normalizationJson) {
        this.modelName = modelName;
        this.version = version;
        this.sourceJobId = registration.sourceJobId();
        this.datasetId = registration.datasetId();
        this.task = registration.schema().task();
        this.inputWidth = registration.schema().encodedWidth();
        this.specJson = registration.specJson();
        this.schemaJson = schemaJson;
        this.bestEpoch = registration.bestEpoch();
        this.metricsJson = metricsJson;
        this.normalizationJson = normalizationJson;
        this.modelData = registration.modelData();
        this.sizeBytes = registration.modelData().length;
        this.createdAt = registration.createdAt();
    }

    String modelName() {
        return modelName;
    }

    int version() {
        return version;
    }

    String sourceJobId() {
        return sourceJobId;
    }

    String datasetId() {
        return datasetId;
    }

    Task task() {
        return task;
    }

    int inputWidth() {
        return inputWidth;
    }

    String specJson() {
        return specJson;
    }

    String schemaJson() {
        return schemaJson;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    String metricsJson() {
        return metricsJson;
    }

    String normalizationJson() {
        return normalizationJson;
    }

    byte[] modelData() {
        return modelData;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** When the source job was deleted (the version stays), or null. */
    Instant sourceJobDeletedAt() {
        return sourceJobDeletedAt;
    }

    String provenanceJson() {
        return provenanceJson;
    }

    void provenance(String json) {
        this.provenanceJson = json;
    }
}
