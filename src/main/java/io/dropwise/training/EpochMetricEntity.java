package io.dropwise.training;

import io.dropwise.engine.EpochMetrics;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What one epoch of a job measured; a value that does not apply (NaN in the engine) is null. */
@Entity
@Table(name = "epoch_metric")
class EpochMetricEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String jobId;
    private int epoch;
    private int attempt;
    private Double trainLoss;
    private Double trainAccuracy;
    private Double validationLoss;
    private Double validationAccuracy;
    private Double validationRmse;
    private Double gap;
    private Double learningRate;
    private long epochMillis;
    private Double samplesPerSecond;
    private Instant createdAt;
    private Long wallMillis;
    private Long trainingMillis;
    private Long evaluationMillis;
    private Long checkpointMillis;
    private Long persistenceMillis;

    protected EpochMetricEntity() {}

    EpochMetricEntity(String jobId, int attempt, EpochMetrics m, Instant now) {
        this.jobId = jobId;
        this.epoch = m.epoch();
        this.attempt = attempt;
        this.trainLoss = finite(m.trainLoss());
        this.trainAccuracy = finite(m.trainAccuracy());
        this.validationLoss = finite(m.validationLoss());
        this.validationAccuracy = finite(m.validationAccuracy());
        this.validationRmse = finite(m.validationRmse());
        this.gap = finite(m.gap());
        this.learningRate = finite(m.learningRate());
        this.epochMillis = m.epochMillis();
        this.samplesPerSecond = finite(m.samplesPerSecond());
        this.createdAt = now;
    }

    /**
     * Adds where the epoch's time went on the training thread: the engine's part from the metrics, the service's
     * (taking and handing over the checkpoint, handing over this row) measured around its listener.
     */
    EpochMetricEntity timed(EpochMetrics m, long checkpointMillis, long persistenceMillis) {
        this.trainingMillis = m.trainingMillis();
        this.evaluationMillis = m.evaluationMillis();
        this.checkpointMillis = checkpointMillis;
        this.persistenceMillis = persistenceMillis;
        this.wallMillis = m.epochMillis() + checkpointMillis + persistenceMillis;
        return this;
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    EpochMetricView view() {
        return new EpochMetricView(
                epoch,
                trainLoss,
                trainAccuracy,
                validationLoss,
                validationAccuracy,
                validationRmse,
                gap,
                learningRate,
                epochMillis,
                samplesPerSecond,
                EpochTimeView.of(wallMillis, trainingMillis, evaluationMillis, checkpointMillis, persistenceMillis),
                createdAt);
    }

    String getJobId() {
        return jobId;
    }

    int getEpoch() {
        return epoch;
    }

    Double getValidationLoss() {
        return validationLoss;
    }

    Double getValidationAccuracy() {
        return validationAccuracy;
    }

    long getEpochMillis() {
        return epochMillis;
    }
}
