-- PostgreSQL's V14 (db/vendor/postgresql) turns its own compression off for the blob columns. H2 does not compress
-- them, so nothing changes here; the version exists on both databases so that the next migration is V15 on both.
SELECT 1;
