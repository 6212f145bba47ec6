package io.dropwise.training;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One training job. Status changes go through the methods here, which refuse to leave a terminal state; the
 * {@code version} column (optimistic locking) makes two concurrent changes (a cancel and a claim, two instances
 * claiming) fail instead of overwriting each other. Progress columns are written with conditional updates that
 * leave {@code version} alone, hence {@link DynamicUpdate}: an entity update writes only what it changed.
 */
@Entity
@Table(name = "training_job")
@DynamicUpdate
class TrainingJobEntity {

    static final int MAX_ERROR = 4000;

    @Id
    private String id;

    private String name;
    private String datasetId;

    @Enumerated(EnumType.STRING)
    private JobStatus status;

    @Column(length = 100_000)
    private String specJson;

    private int epochs;
    private String idempotencyKey;
    private String idempotencyScope;
    private String requestHash;
    private boolean cancelRequested;
    private int attempts;
    private String worker;
    private int currentEpoch;
    private Integer bestEpoch;

    @Column(length = MAX_ERROR)
    private String error;

    private String modelName;
    private Integer modelVersion;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant updatedAt;

    private String sweepId;
    private Integer trial;
    private Integer fold;
    private String splitJson;
    private String cancelReason;

    @Version
    private Long version;

    protected TrainingJobEntity() {}

    TrainingJobEntity(
            String id,
            String name,
            String datasetId,
            String specJson,
            int epochs,
            String idempotencyScope,
            String idempotencyKey,
            String requestHash,
            Instant now) {
        this.id = id;
        this.name = name;
        this.datasetId = datasetId;
        this.status = JobStatus.QUEUED;
        this.specJson = specJson;
        this.epochs = epochs;
        this.idempotencyScope = idempotencyKey == null ? null : idempotencyScope;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Makes the job part of a sweep: a fold job ({@code fold} and {@code splitJson} set, it validates on its fold
     * and registers no model) or the refit job ({@code fold} null).
     */
    void partOfSweep(String sweepId, int trial, Integer fold, String splitJson) {
        this.sweepId = sweepId;
        this.trial = trial;
        this.fold = fold;
        this.splitJson = splitJson;
    }

    /** Why the job is being cancelled when not by a client ({@code pruned}, {@code sweep-cancelled}). */
    void cancelReason(String reason) {
        if (cancelReason == null) {
            cancelReason = reason;
        }
    }

    /** A worker takes the job (first run, after a requeue, or after its previous worker was lost). */
    int start(String worker, Instant now) {
        requireNotTerminal("start");
        status = JobStatus.RUNNING;
        attempts++;
        this.worker = worker;
        if (startedAt == null) {
            startedAt = now;
        }
        updatedAt = now;
        return attempts;
    }

    /** Back to the queue (graceful shutdown, a lost worker): the next worker resumes from the last checkpoint. */
    void requeue(Instant now) {
        requireNotTerminal("requeue");
        status = JobStatus.QUEUED;
        worker = null;
        updatedAt = now;
    }

    void succeed(int bestEpoch, int epochsRun, Instant now) {
        finish(JobStatus.SUCCEEDED, now);
        this.bestEpoch = bestEpoch;
        this.currentEpoch = Math.max(currentEpoch, epochsRun);
    }

    void fail(String error, Instant now) {
        finish(JobStatus.FAILED, now);
        this.error = error == null
                ? "training failed"
                : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR - 3) + "..." : error;
    }

    void cancel(Instant now) {
        finish(JobStatus.CANCELLED, now);
    }

    void requestCancel(Instant now) {
        requireNotTerminal("cancel");
        cancelRequested = true;
        updatedAt = now;
    }

    void attachModel(String modelName, int modelVersion) {
        this.modelName = modelName;
        this.modelVersion = modelVersion;
    }

    private void finish(JobStatus terminal, Instant now) {
        requireNotTerminal(terminal.name().toLowerCase(java.util.Locale.ROOT));
        status = terminal;
        worker = null;
        finishedAt = now;
        updatedAt = now;
    }

    private void requireNotTerminal(String action) {
        if (status.isTerminal()) {
            throw new IllegalStateException("job " + id + " is " + status + " and cannot " + action);
        }
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

    JobStatus getStatus() {
        return status;
    }

    String getSpecJson() {
        return specJson;
    }

    int getEpochs() {
        return epochs;
    }

    String getIdempotencyKey() {
        return idempotencyKey;
    }

    String getRequestHash() {
        return requestHash;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    int getAttempts() {
        return attempts;
    }

    String getWorker() {
        return worker;
    }

    int getCurrentEpoch() {
        return currentEpoch;
    }

    Integer getBestEpoch() {
        return bestEpoch;
    }

    String getError() {
        return error;
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

    String getSweepId() {
        return sweepId;
    }

    Integer getTrial() {
        return trial;
    }

    Integer getFold() {
        return fold;
    }

    String getSplitJson() {
        return splitJson;
    }

    String getCancelReason() {
        return cancelReason;
    }

    Long getVersion() {
        return version;
    }
}
