-- When the model version a batch prediction pinned was deleted (null while it exists). The batch keeps the name and
-- number it was scored with, as provenance; the mark says they no longer name that model (after DELETE /models/{name}
-- and a new registration, the same number names another one). Only finished batches can have it: a version pinned by
-- an unfinished batch cannot be deleted.
ALTER TABLE batch_prediction ADD COLUMN model_deleted_at TIMESTAMP WITH TIME ZONE;
