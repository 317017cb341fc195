-- Campaigns (issue 16). Ids and numbers compare byte by byte (COLLATE "C") to match the cursors.
CREATE TABLE campaigns (
    id            text COLLATE "C" NOT NULL PRIMARY KEY,
    name          text NOT NULL,
    flow          text NOT NULL,
    status        text NOT NULL,
    settings      jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    start_at      timestamptz,
    first_dial_at timestamptz,
    completed_at  timestamptz,
    total         integer NOT NULL,
    next_slot_at  timestamptz
);

CREATE INDEX campaigns_by_status ON campaigns (status, id);

CREATE TABLE campaign_recipients (
    campaign_id     text COLLATE "C" NOT NULL,
    seq             bigint NOT NULL,
    to_number       text NOT NULL,
    state           text NOT NULL,
    attempts        integer NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    lease_owner     text,
    lease_until     timestamptz,
    updated_at      timestamptz NOT NULL,
    data            jsonb NOT NULL,
    PRIMARY KEY (campaign_id, seq),
    UNIQUE (campaign_id, to_number)
);

CREATE INDEX campaign_recipients_due ON campaign_recipients (campaign_id, state, next_attempt_at);

CREATE TABLE suppressions (
    number     text COLLATE "C" NOT NULL PRIMARY KEY,
    reason     text,
    created_at timestamptz NOT NULL
);
