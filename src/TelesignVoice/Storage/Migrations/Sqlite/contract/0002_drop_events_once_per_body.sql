-- Contract step of 0002, run by `migrate --contract` once no instance of the release before 0002 is left
-- (and only while the table still has its UNIQUE (reference_id, body_hash)): SQLite cannot drop a table
-- constraint, so the table is rebuilt with the columns of 0001-0003 and the per-version constraint.
CREATE TABLE events_contracted (
    id            INTEGER PRIMARY KEY,
    reference_id  TEXT NOT NULL,
    event_name    TEXT NOT NULL,
    body_hash     TEXT NOT NULL,
    body          TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    action_json   TEXT NOT NULL,
    action_method TEXT,
    call_version  INTEGER NOT NULL,
    answer_given  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (reference_id, body_hash, call_version)
);

INSERT INTO events_contracted (id, reference_id, event_name, body_hash, body, received_at, action_json, action_method, call_version, answer_given)
SELECT id, reference_id, event_name, body_hash, body, received_at, action_json, action_method, call_version, answer_given FROM events;

DROP TABLE events;
ALTER TABLE events_contracted RENAME TO events;
CREATE INDEX events_by_call_version ON events (reference_id, call_version);
