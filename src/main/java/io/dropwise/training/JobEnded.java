package io.dropwise.training;

import java.time.Instant;

/**
 * Published synchronously, inside the transaction that moves a job to a terminal status (SUCCEEDED, FAILED or
 * CANCELLED), wherever that happens: the end of a run, a cancel while queued, a job given up after its attempts.
 * A listener that must act durably (schedule work, update a parent) does so in the same transaction, so the job's
 * end and the listener's work commit or roll back together.
 */
public record JobEnded(String jobId, JobStatus status, Instant at) {}
