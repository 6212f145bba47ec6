-- Where an epoch's time went on its training thread (docs/api.md, "Epoch metrics"); null in rows written before.
-- wall: from the epoch's first batch until its row and checkpoint were handed to the writer; training: its batches;
-- evaluation: the dropout-off metrics; checkpoint: taking the checkpoint and handing it over (the write itself runs
-- on the job's writer thread); persistence: handing the epoch's row over.
ALTER TABLE epoch_metric ADD COLUMN wall_millis BIGINT;
ALTER TABLE epoch_metric ADD COLUMN training_millis BIGINT;
ALTER TABLE epoch_metric ADD COLUMN evaluation_millis BIGINT;
ALTER TABLE epoch_metric ADD COLUMN checkpoint_millis BIGINT;
ALTER TABLE epoch_metric ADD COLUMN persistence_millis BIGINT;
