-- Times are UTC ISO-8601 text with seven decimals ("2026-01-31T08:00:00.0000000Z"): exact, readable
-- in the sqlite3 shell, and ordered correctly by plain text comparison.
CREATE TABLE calls (
    reference_id TEXT NOT NULL PRIMARY KEY,
    external_id  TEXT,
    direction    TEXT NOT NULL,
    to_number    TEXT,
    from_number  TEXT,
    flow         TEXT,
    step         TEXT,
    attempts     INTEGER NOT NULL,
    variables    TEXT NOT NULL,
    digits       TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    end_of_call  TEXT,
    version      INTEGER NOT NULL
);

CREATE INDEX calls_newest_first ON calls (created_at DESC, reference_id DESC);
CREATE INDEX calls_by_status ON calls (status, created_at DESC, reference_id DESC);

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    reference_id  TEXT NOT NULL,
    event_name    TEXT NOT NULL,
    body_hash     TEXT NOT NULL,
    body          TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    action_json   TEXT NOT NULL,
    action_method TEXT,
    -- A body delivered twice is stored once: the second delivery gets the first one's action.
    UNIQUE (reference_id, body_hash)
);

CREATE TABLE dials (
    id            INTEGER PRIMARY KEY,
    reference_id  TEXT,
    external_id   TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    request_json  TEXT NOT NULL,
    http_status   INTEGER,
    response_json TEXT,
    outcome       TEXT NOT NULL
);

CREATE INDEX dials_by_call ON dials (reference_id);
CREATE INDEX dials_by_time ON dials (requested_at);

CREATE TABLE idempotency_keys (
    key           TEXT NOT NULL PRIMARY KEY,
    request_hash  TEXT NOT NULL,
    status_code   INTEGER,
    response_json TEXT,
    created_at    TEXT NOT NULL
);

CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
