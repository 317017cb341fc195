-- answer_given: the response carrying the event's action was written and its request completed without
-- being aborted (docs/webhook-redelivery.md). An event committed whose answer was never given (the
-- connection dropped, the process died before answering) is what Telesign re-delivers. Rows from before
-- this migration were answered under the old rule: they count as given.
ALTER TABLE events ADD COLUMN answer_given INTEGER NOT NULL DEFAULT 0;
UPDATE events SET answer_given = 1;
CREATE INDEX events_by_call_version ON events (reference_id, call_version);

-- outcome: dial_completed's status as Telesign sent it (answered, busy, no_answer, failed, …), kept after
-- call_completed. legs: the transfers' call_leg_completed results, as sent.
ALTER TABLE calls ADD COLUMN outcome TEXT;
ALTER TABLE calls ADD COLUMN legs TEXT;
CREATE INDEX calls_by_outcome ON calls (outcome, created_at DESC, reference_id DESC);
