package io.dropwise.sweep;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One sweep: its normalized request and where it stands. Changed only under its row lock (the coordinator). */
@Entity
@Table(name = "sweep")
class SweepEntity {

    static final int MAX_ERROR = 4000;

    @Id
    private String id;

    private String name;
    private String datasetId;

    @Enumerated(EnumType.STRING)
    private SweepStatus status;

    @Column(length = 200_000)
    private String requestJson;

    private int trials;
    private int folds;
    private boolean cancelRequested;

    @Column(length = MAX_ERROR)
    private String error;

    private Integer bestTrial;
    private String refitJobId;
    private String modelName;
    private Integer modelVersion;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant updatedAt;

    @Version
    private Long version;

    protected SweepEntity() {}

    SweepEntity(String id, String name, String datasetId, String requestJson, int trials, int folds, Instant now) {
        this.id = id;
        this.name = name;
        this.datasetId = datasetId;
        this.status = SweepStatus.QUEUED;
        this.requestJson = requestJson;
        this.trials = trials;
        this.folds = folds;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void running(Instant now) {
        if (status == SweepStatus.QUEUED) {
            status = SweepStatus.RUNNING;
            startedAt = now;
            updatedAt = now;
        }
    }

    void best(int trial) {
        this.bestTrial = trial;
    }

    void refit(String jobId, Instant now) {
        this.refitJobId = jobId;
        this.updatedAt = now;
    }

    void model(String name, int version) {
        this.modelName = name;
        this.modelVersion = version;
    }

    void requestCancel() {
        this.cancelRequested = true;
    }

    void finish(SweepStatus terminal, String error, Instant now) {
        if (status.isTerminal()) {
            throw new IllegalStateException("sweep " + id + " is " + status + " and cannot end again");
        }
        status = terminal;
        this.error = error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 3) + "...";
        if (startedAt == null) {
            startedAt = now;
        }
        finishedAt = now;
        updatedAt = now;
    }

    String getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getDatasetId() {
        return datasetId;
    }

    SweepStatus getStatus() {
        return status;
    }

    String getRequestJson() {
        return requestJson;
    }

    int getTrials() {
        return trials;
    }

    int getFolds() {
        return folds;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    String getError() {
        return error;
    }

    Integer getBestTrial() {
        return bestTrial;
    }

    String getRefitJobId() {
        return refitJobId;
    }

    String getModelName() {
        return modelName;
    }

    Integer getModelVersion() {
        return modelVersion;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    Instant getFinishedAt() {
        return finishedAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
