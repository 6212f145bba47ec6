package io.dropwise.sweep;

/** {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED}; terminal states never change. */
public enum SweepStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
