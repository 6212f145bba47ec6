-- What an attempt ran into that did not stop it, e.g. a damaged checkpoint skipped on resume.
ALTER TABLE job_attempt ADD COLUMN note VARCHAR(2000);
