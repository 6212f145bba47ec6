package io.dropwise.training;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stored {@link io.dropwise.engine.CheckpointCodec} checkpoint: its metadata; the bytes are chunk rows written
 * and read by {@link CheckpointChunks}. {@code chunks} is null until every chunk is written.
 */
@Entity
@Table(name = "checkpoint")
class CheckpointEntity {

    /** Why a checkpoint was taken. */
    enum Kind {
        /** Every {@code checkpointEveryEpochs} epochs. */
        PERIODIC,
        /** The end of the run (all epochs, or early stopping). */
        FINAL,
        /** A cancel or a shutdown stopped the run at a batch boundary. */
        STOP
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String jobId;
    private int attempt;
    private int epoch;
    private int batch;
    private String kind;
    private Double validationLoss;
    private long sizeBytes;
    private int formatVersion;
    private Integer chunks;

    private Instant createdAt;

    protected CheckpointEntity() {}

    CheckpointEntity(
            String jobId,
            int attempt,
            int epoch,
            int batch,
            Kind kind,
            Double validationLoss,
            int formatVersion,
            Instant now) {
        this.jobId = jobId;
        this.attempt = attempt;
        this.epoch = epoch;
        this.batch = batch;
        this.kind = kind.name();
        this.validationLoss = validationLoss;
        this.formatVersion = formatVersion;
        this.createdAt = now;
    }

    Long getId() {
        return id;
    }

    String getJobId() {
        return jobId;
    }

    int getEpoch() {
        return epoch;
    }

    int getBatch() {
        return batch;
    }

    /** Every chunk is written: the checkpoint becomes visible. */
    void complete(int chunks, long sizeBytes) {
        this.chunks = chunks;
        this.sizeBytes = sizeBytes;
    }
}
