-- An Idempotency-Key belongs to the caller that sent it ('key-<api key id>', or 'anonymous' when keys are off):
-- unique per caller, not across callers. Keys stored before this migration belonged to nobody in particular.
ALTER TABLE training_job ADD COLUMN idempotency_scope VARCHAR(64);
UPDATE training_job SET idempotency_scope = 'anonymous' WHERE idempotency_key IS NOT NULL;
ALTER TABLE training_job DROP CONSTRAINT uk_training_job_idempotency_key;
ALTER TABLE training_job ADD CONSTRAINT uk_training_job_idempotency UNIQUE (idempotency_scope, idempotency_key);

-- One row, locked (SELECT ... FOR UPDATE) by every revocation, so that two admin keys revoking each other at the
-- same time cannot both pass the "not the last admin key" check.
CREATE TABLE api_key_lock (
    id INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO api_key_lock (id) VALUES (1);
