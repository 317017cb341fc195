-- A body is now stored once per call version instead of once per call: Telesign's events carry no id or
-- timestamp, so a caller silent twice sends the same bytes twice, and the second is a new event. Two
-- deliveries racing at one call version still store one event (the other gets its action).
-- SQLite cannot drop a table constraint, so the table is rebuilt. Existing rows get call_version 0:
-- they were unique per (reference_id, body_hash), so they stay unique, and they belong to calls that
-- are past version 0, so no new event collides with them.
CREATE TABLE events_by_call_version (
    id            INTEGER PRIMARY KEY,
    reference_id  TEXT NOT NULL,
    event_name    TEXT NOT NULL,
    body_hash     TEXT NOT NULL,
    body          TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    action_json   TEXT NOT NULL,
    action_method TEXT,
    -- The version of the call the event was handled at (the version it was read at, 0 for a new call).
    call_version  INTEGER NOT NULL,
    UNIQUE (reference_id, body_hash, call_version)
);

INSERT INTO events_by_call_version (id, reference_id, event_name, body_hash, body, received_at, action_json, action_method, call_version)
SELECT id, reference_id, event_name, body_hash, body, received_at, action_json, action_method, 0 FROM events;

DROP TABLE events;
ALTER TABLE events_by_call_version RENAME TO events;
