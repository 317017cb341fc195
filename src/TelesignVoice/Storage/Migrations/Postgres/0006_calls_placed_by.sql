-- The name of the operator key that placed a call (null for inbound calls and calls placed before).
-- Expand only: old code names its columns, so it neither reads nor writes this one.
ALTER TABLE calls ADD COLUMN placed_by text;
