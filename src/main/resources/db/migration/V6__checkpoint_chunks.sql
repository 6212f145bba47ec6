-- Checkpoint bytes move out of the checkpoint row into fixed-size chunk rows, written and read one chunk at a time,
-- so that no layer (JPA, the JDBC driver, H2's row store) ever holds a whole checkpoint: a 400 MB blob in one row
-- ran H2 out of memory and corrupted its file. The bytes stay in the database so that every instance sharing it can
-- resume any job (no shared filesystem needed). See docs/operations.md, "Checkpoint storage".
CREATE TABLE checkpoint_chunk (
    checkpoint_id BIGINT  NOT NULL,
    seq           INTEGER NOT NULL,
    data          BYTEA   NOT NULL,
    CONSTRAINT pk_checkpoint_chunk PRIMARY KEY (checkpoint_id, seq)
);

-- Number of chunk rows; NULL while they are being written or deleted (the checkpoint is then invisible and is
-- removed by the job's next checkpoint or at startup). 0: a checkpoint written before V6, its bytes in data.
ALTER TABLE checkpoint ADD COLUMN chunks INTEGER;
UPDATE checkpoint SET chunks = 0;
ALTER TABLE checkpoint ALTER COLUMN data DROP NOT NULL;

-- The codec's own CRC32 trailer covers every byte and is checked while a checkpoint is decoded: a second checksum
-- over the same bytes (which needed the whole blob in memory before decoding) added nothing.
ALTER TABLE checkpoint DROP COLUMN crc32;
