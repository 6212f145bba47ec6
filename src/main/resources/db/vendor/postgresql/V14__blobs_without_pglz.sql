-- PostgreSQL compresses a bytea value over 2 kB with pglz before it stores it (storage EXTENDED, the default). Every
-- blob here is either compressed by Dropwise already (batch chunks: packed text or zlib; datasets: gzip) or floats
-- that do not compress (models, checkpoints), so pglz only spends the server's CPU: on a scored batch's result chunks
-- (packed text) it saved 7 % of the bytes at about 16 ms of CPU per MB, inserts 8x as slow as without it, and a
-- 7.5 MB model was stored uncompressed after pglz had tried (docs/operations.md, "PostgreSQL and Docker"). EXTERNAL:
-- stored out of line, never compressed. It applies to the values written from now on; stored ones stay as they are.
-- This migration is PostgreSQL's alone (spring.flyway.locations: db/vendor/{vendor}); H2 has the same version, empty.
ALTER TABLE batch_input_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE batch_output_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE checkpoint_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE model_version ALTER COLUMN model_data SET STORAGE EXTERNAL;
ALTER TABLE dataset ALTER COLUMN data SET STORAGE EXTERNAL;
