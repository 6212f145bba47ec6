package io.dropwise.training;

import java.time.Instant;

/**
 * Published synchronously inside the transaction that deletes a finished job ({@code DELETE /jobs/{id}} or
 * retention), after its rows are gone. The model registry marks the versions the job registered (they stay).
 */
public record JobDeleted(String jobId, JobStatus status, Instant at) {}
