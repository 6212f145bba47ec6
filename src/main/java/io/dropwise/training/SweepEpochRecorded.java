package io.dropwise.training;

/**
 * Published synchronously inside the transaction that records an epoch of a sweep's fold job (its row and the job's
 * progress), on the instance running the job: the sweep may look at the trial's running objective once it commits.
 */
public record SweepEpochRecorded(String sweepId, String jobId, int epoch) {}
