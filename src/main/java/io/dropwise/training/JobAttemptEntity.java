package io.dropwise.training;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One worker's turn at a job: who, when, how it ended and where it resumed from. */
@Entity
@Table(name = "job_attempt")
class JobAttemptEntity {

    /** How an attempt ended. */
    enum Outcome {
        SUCCEEDED,
        FAILED,
        CANCELLED,
        /** Graceful shutdown: checkpointed and put back in the queue. */
        REQUEUED,
        /** The worker died (no heartbeat); another one took the job. */
        LOST,
        /** The worker found that the job had been given to another worker and stopped writing. */
        FENCED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String jobId;
    private int attempt;
    private String worker;
    private Instant startedAt;
    private Instant endedAt;
    private String outcome;
    private Integer resumedFromEpoch;
    private Integer resumedFromBatch;
    private String note;

    protected JobAttemptEntity() {}

    JobAttemptEntity(String jobId, int attempt, String worker, Instant startedAt) {
        this.jobId = jobId;
        this.attempt = attempt;
        this.worker = worker;
        this.startedAt = startedAt;
    }

    void resumedFrom(int epoch, int batch) {
        this.resumedFromEpoch = epoch;
        this.resumedFromBatch = batch;
    }

    /** Adds to what this attempt ran into that did not stop it (e.g. a damaged checkpoint it skipped). */
    void note(String text) {
        String joined = note == null ? text : note + "; " + text;
        this.note = joined.length() > 2000 ? joined.substring(0, 2000) : joined;
    }

    String getNote() {
        return note;
    }

    void end(Outcome outcome, Instant now) {
        if (endedAt == null) {
            this.outcome = outcome.name();
            this.endedAt = now;
        }
    }

    String getJobId() {
        return jobId;
    }

    int getAttempt() {
        return attempt;
    }

    String getWorker() {
        return worker;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    Instant getEndedAt() {
        return endedAt;
    }

    String getOutcome() {
        return outcome;
    }

    Integer getResumedFromEpoch() {
        return resumedFromEpoch;
    }

    Integer getResumedFromBatch() {
        return resumedFromBatch;
    }
}
