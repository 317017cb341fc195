-- The outbox of outgoing notifications (docs/notifications.md). Rows are inserted in the transaction of
-- the event that causes them; dispatchers on every instance lease due rows with FOR UPDATE SKIP LOCKED,
-- send them and record each attempt.
CREATE TABLE notifications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id      text NOT NULL UNIQUE,
    event_type      text NOT NULL,
    endpoint        text NOT NULL,
    url             text NOT NULL,
    ordering_key    text NOT NULL,
    payload         text NOT NULL,
    created_at      timestamptz NOT NULL,
    state           text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    -- Since when it has been pending (creation, or the last redelivery): the age that gives up.
    pending_since   timestamptz NOT NULL,
    lease_owner     text,
    lease_until     timestamptz,
    last_error      text,
    last_status     integer,
    delivered_at    timestamptz
);

CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notifications_in_line ON notifications (endpoint, ordering_key, id) WHERE state = 'pending';
CREATE INDEX notifications_by_state ON notifications (state, id);

-- The callback_url given with POST /calls, by external id (known before the dial, so it is never lost).
CREATE TABLE notification_callbacks (
    external_id text PRIMARY KEY,
    url         text NOT NULL,
    created_at  timestamptz NOT NULL
);
