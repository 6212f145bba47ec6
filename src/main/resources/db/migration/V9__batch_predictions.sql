-- Batch predictions (POST /batch-predictions): the batch, its input and its output, the bytes in small compressed
-- chunk rows (one chunk = 1,024 input rows) so that no layer ever holds a whole file (PgJDBC materializes a bytea on
-- read). An output chunk is written with the input chunk it covers, in one transaction fenced by the attempt number:
-- a worker that lost the batch to another one writes nothing, and a chunk is never written twice (primary key).
CREATE TABLE batch_prediction (
    id               VARCHAR(64)              NOT NULL PRIMARY KEY,
    -- RECEIVING (upload in progress; never visible), QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
    status           VARCHAR(16)              NOT NULL,
    model_name       VARCHAR(128)             NOT NULL,
    -- pinned at acceptance: alias moves later change nothing
    model_version    INTEGER                  NOT NULL,
    mc_samples       INTEGER,
    mc_seed          BIGINT,
    -- the input's header row and the result's header row, as JSON arrays
    input_header     VARCHAR(1000000)         NOT NULL,
    output_header    VARCHAR(1000000)         NOT NULL,
    input_bytes      BIGINT                   NOT NULL,
    total_rows       BIGINT                   NOT NULL,
    total_chunks     INTEGER                  NOT NULL,
    rows_done        BIGINT                   NOT NULL,
    chunks_done      INTEGER                  NOT NULL,
    -- number of the current (or last) attempt; a worker's writes are fenced by it
    attempts         INTEGER                  NOT NULL,
    worker           VARCHAR(128),
    cancel_requested BOOLEAN                  NOT NULL,
    -- evaluation metrics (JSON) when the input has the model's label column
    metrics          VARCHAR(1000000),
    error            VARCHAR(4000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE
);

CREATE INDEX batch_prediction_created_idx ON batch_prediction (created_at, id);

CREATE TABLE batch_input_chunk (
    batch_id  VARCHAR(64) NOT NULL,
    seq       INTEGER     NOT NULL,
    first_row BIGINT      NOT NULL,
    row_count INTEGER     NOT NULL,
    data      BYTEA       NOT NULL,
    CONSTRAINT pk_batch_input_chunk PRIMARY KEY (batch_id, seq)
);

CREATE TABLE batch_output_chunk (
    batch_id  VARCHAR(64)     NOT NULL,
    seq       INTEGER         NOT NULL,
    first_row BIGINT          NOT NULL,
    row_count INTEGER         NOT NULL,
    -- the result rows as CSV text, deflated
    data      BYTEA           NOT NULL,
    -- this chunk's evaluation sums (JSON), added up when the batch ends
    stats     VARCHAR(1000000),
    CONSTRAINT pk_batch_output_chunk PRIMARY KEY (batch_id, seq)
);
