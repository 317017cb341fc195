-- Reference ids compare byte by byte (COLLATE "C") so that paging order matches the cursor's
-- ordinal comparison whatever the database's locale.
CREATE TABLE calls (
    reference_id text COLLATE "C" NOT NULL PRIMARY KEY,
    external_id  text,
    direction    text NOT NULL,
    to_number    text,
    from_number  text,
    flow         text,
    step         text,
    attempts     integer NOT NULL,
    variables    jsonb NOT NULL,
    digits       jsonb NOT NULL,
    status       text NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    end_of_call  jsonb,
    version      bigint NOT NULL
);

CREATE INDEX calls_newest_first ON calls (created_at DESC, reference_id DESC);
CREATE INDEX calls_by_status ON calls (status, created_at DESC, reference_id DESC);

-- body and action_json stay text, not jsonb: a duplicate must get back the exact bytes it got first.
CREATE TABLE events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference_id  text COLLATE "C" NOT NULL,
    event_name    text NOT NULL,
    body_hash     text NOT NULL,
    body          text NOT NULL,
    received_at   timestamptz NOT NULL,
    action_json   text NOT NULL,
    action_method text,
    CONSTRAINT events_once_per_body UNIQUE (reference_id, body_hash)
);

CREATE TABLE dials (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference_id  text COLLATE "C",
    external_id   text NOT NULL,
    requested_at  timestamptz NOT NULL,
    request_json  text NOT NULL,
    http_status   integer,
    response_json text,
    outcome       text NOT NULL
);

CREATE INDEX dials_by_call ON dials (reference_id);
CREATE INDEX dials_by_time ON dials (requested_at);

CREATE TABLE idempotency_keys (
    key           text NOT NULL PRIMARY KEY,
    request_hash  text NOT NULL,
    status_code   integer,
    response_json text,
    created_at    timestamptz NOT NULL
);

CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
