package io.dropwise.training;

/** {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}; a terminal state never changes. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
