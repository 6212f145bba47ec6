package io.dropwise.training;

/** What a running job's worker needs to know: is the job still its own, and should it stop. */
record JobSignal(String id, JobStatus status, int attempts, boolean cancelRequested) {}
