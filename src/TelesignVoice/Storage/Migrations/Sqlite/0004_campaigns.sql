-- Campaigns (issue 16). Times are UTC text with seven decimals, ordered as text.
CREATE TABLE campaigns (
    id            TEXT NOT NULL PRIMARY KEY,
    name          TEXT NOT NULL,
    flow          TEXT NOT NULL,
    status        TEXT NOT NULL,
    settings      TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    start_at      TEXT,
    first_dial_at TEXT,
    completed_at  TEXT,
    total         INTEGER NOT NULL,
    next_slot_at  TEXT
);

CREATE INDEX campaigns_by_status ON campaigns (status, id);

CREATE TABLE campaign_recipients (
    campaign_id     TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    to_number       TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    lease_owner     TEXT,
    lease_until     TEXT,
    updated_at      TEXT NOT NULL,
    data            TEXT NOT NULL,
    PRIMARY KEY (campaign_id, seq),
    UNIQUE (campaign_id, to_number)
);

CREATE INDEX campaign_recipients_due ON campaign_recipients (campaign_id, state, next_attempt_at);

CREATE TABLE suppressions (
    number     TEXT NOT NULL PRIMARY KEY,
    reason     TEXT,
    created_at TEXT NOT NULL
);
