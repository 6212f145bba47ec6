-- Datasets: metadata, schema (JSON) and the encoded rows as a gzip blob (see DatasetCodec).
-- Portable across H2 2.4 and PostgreSQL 15.
CREATE TABLE dataset (
    id            VARCHAR(64)       NOT NULL PRIMARY KEY,
    name          VARCHAR(128)      NOT NULL,
    task          VARCHAR(16)       NOT NULL,
    label_column  VARCHAR(256)      NOT NULL,
    row_count     INTEGER           NOT NULL,
    feature_count INTEGER           NOT NULL,
    input_width   INTEGER           NOT NULL,
    schema_json   VARCHAR(1000000)  NOT NULL,
    class_counts  VARCHAR(20000)    NOT NULL,
    data          BYTEA             NOT NULL,
    size_bytes    BIGINT            NOT NULL,
    stored_bytes  BIGINT            NOT NULL,
    builtin       BOOLEAN           NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX dataset_created_at_idx ON dataset (created_at, id);
