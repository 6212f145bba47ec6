package io.dropwise.training;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stored {@link io.dropwise.engine.CheckpointCodec} blob. Listing reads {@link CheckpointInfo} so the blob stays
 * in the database; {@code crc32} (over {@code data}) is checked before a checkpoint is decoded.
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
    private long crc32;

    private byte[] data;

    private Instant createdAt;

    protected CheckpointEntity() {}

    CheckpointEntity(String jobId, int attempt, int epoch, int batch, Kind kind, Double validationLoss,
            int formatVersion, long crc32, byte[] data, Instant now) {
        this.jobId = jobId;
        this.attempt = attempt;
        this.epoch = epoch;
        this.batch = batch;
        this.kind = kind.name();
        this.validationLoss = validationLoss;
        this.sizeBytes = data.length;
        this.formatVersion = formatVersion;
        this.crc32 = crc32;
        this.data = data;
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

    long getCrc32() {
        return crc32;
    }

    byte[] getData() {
        return data;
    }
}
