-- The outbox of outgoing notifications (docs/notifications.md). Rows are inserted in the transaction of
-- the event that causes them; the dispatcher leases due rows, sends them and records each attempt.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,
    event_type      TEXT NOT NULL,
    endpoint        TEXT NOT NULL,
    url             TEXT NOT NULL,
    ordering_key    TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- Since when it has been pending (creation, or the last redelivery): the age that gives up.
    pending_since   TEXT NOT NULL,
    lease_owner     TEXT,
    lease_until     TEXT,
    last_error      TEXT,
    last_status     INTEGER,
    delivered_at    TEXT
);

CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notifications_in_line ON notifications (endpoint, ordering_key, id) WHERE state = 'pending';
CREATE INDEX notifications_by_state ON notifications (state, id);

-- The callback_url given with POST /calls, by external id (known before the dial, so it is never lost).
CREATE TABLE notification_callbacks (
    external_id TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
