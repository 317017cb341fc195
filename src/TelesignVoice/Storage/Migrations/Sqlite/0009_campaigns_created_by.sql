-- The name of the operator key that created a campaign (null for campaigns created before); the
-- campaign's calls carry it as their placed_by.
-- Expand only: old code names its columns, so it neither reads nor writes this one.
ALTER TABLE campaigns ADD COLUMN created_by TEXT;
