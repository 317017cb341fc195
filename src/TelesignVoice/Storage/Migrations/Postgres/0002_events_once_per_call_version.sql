-- A body is now stored once per call version instead of once per call: Telesign's events carry no id or
-- timestamp, so a caller silent twice sends the same bytes twice, and the second is a new event. Two
-- deliveries racing at one call version still store one event (the other gets its action).
-- Existing rows get call_version 0: they were unique per (reference_id, body_hash), so they stay unique,
-- and they belong to calls that are past version 0, so no new event collides with them.
-- Expand only: the previous release's code inserts with ON CONFLICT (reference_id, body_hash), so
-- events_once_per_body stays until every instance runs this release; `migrate --contract` drops it
-- (Migrations/Postgres/contract/). Databases migrated by the first version of this script, which
-- dropped it here, are already contracted.
ALTER TABLE events ADD COLUMN call_version bigint NOT NULL DEFAULT 0;
ALTER TABLE events ADD CONSTRAINT events_once_per_call_version UNIQUE (reference_id, body_hash, call_version);
