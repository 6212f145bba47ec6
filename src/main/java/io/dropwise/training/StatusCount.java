package io.dropwise.training;

/** The number of jobs in one status. */
record StatusCount(JobStatus status, long count) {}
