-- Lifecycle: deleting jobs and model versions, retention.
-- Portable across H2 2.4 and PostgreSQL 15.

-- The highest version number a model name ever handed out: version numbers are never reused while the name exists,
-- even after its newest versions were deleted. latest_version becomes the newest version still there (0: none).
ALTER TABLE registered_model ADD COLUMN highest_version INTEGER DEFAULT 0 NOT NULL;
UPDATE registered_model SET highest_version = latest_version;

-- Set when the training job that produced a version was deleted: the version stays and keeps predicting.
ALTER TABLE model_version ADD COLUMN source_job_deleted_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX model_version_source_job_idx ON model_version (source_job_id);

-- Retention: finished jobs by the time they ended.
CREATE INDEX training_job_finished_idx ON training_job (finished_at);
