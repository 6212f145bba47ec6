-- Cross-validated sweeps: a sweep, its trials (each a job spec with the search's values applied), and the columns
-- that make a training job a sweep's fold job or refit job. Portable across H2 2.4 and PostgreSQL 15.

CREATE TABLE sweep (
    id               VARCHAR(64)              NOT NULL PRIMARY KEY,
    name             VARCHAR(128)             NOT NULL,
    dataset_id       VARCHAR(64)              NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    -- the normalized sweep request (base spec with defaults, search, validation, objective, pruning) as JSON
    request_json     VARCHAR(200000)          NOT NULL,
    trials           INTEGER                  NOT NULL,
    -- jobs per trial: k for k-fold, 1 for a holdout
    folds            INTEGER                  NOT NULL,
    cancel_requested BOOLEAN                  NOT NULL,
    error            VARCHAR(4000),
    best_trial       INTEGER,
    refit_job_id     VARCHAR(64),
    model_name       VARCHAR(128),
    model_version    INTEGER,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT                   NOT NULL
);

CREATE INDEX sweep_status_idx ON sweep (status, created_at);
CREATE INDEX sweep_created_idx ON sweep (created_at, id);

CREATE TABLE sweep_trial (
    sweep_id    VARCHAR(64)     NOT NULL,
    trial       INTEGER         NOT NULL,
    -- the trial's values, keyed by the search's own paths
    params_json VARCHAR(20000)  NOT NULL,
    -- the trial's normalized job spec (the base with the values applied)
    spec_json   VARCHAR(100000) NOT NULL,
    CONSTRAINT pk_sweep_trial PRIMARY KEY (sweep_id, trial)
);

ALTER TABLE training_job ADD COLUMN sweep_id VARCHAR(64);
ALTER TABLE training_job ADD COLUMN trial INTEGER;
ALTER TABLE training_job ADD COLUMN fold INTEGER;
-- a fold job's train/validation split: {"folds":k,"fold":i,"seed":s} or {"holdout":f,"seed":s}; null: the spec's
ALTER TABLE training_job ADD COLUMN split_json VARCHAR(200);
-- why a job was cancelled when not by a client: 'pruned' (median pruning), 'sweep-cancelled'
ALTER TABLE training_job ADD COLUMN cancel_reason VARCHAR(32);
-- one job per sweep slot, whichever instance feeds it (a refit job has fold null and is recorded on the sweep)
CREATE UNIQUE INDEX uk_training_job_sweep_slot ON training_job (sweep_id, trial, fold);
CREATE INDEX training_job_sweep_idx ON training_job (sweep_id);

-- the registry keeps where a version came from when a sweep chose it (sweep id, params, CV score)
ALTER TABLE model_version ADD COLUMN provenance_json VARCHAR(20000);
