-- Each call runs on the version of its flow it started on (a content hash), even after the file changed
-- or the server restarted: the call keeps the version, and the flow's definition at that version is
-- kept here (written the first time a call starts on it). Instances share it, so a call that moves to
-- another instance finds its version there too.
ALTER TABLE calls ADD COLUMN flow_version text;

CREATE TABLE flow_versions (
    flow       text COLLATE "C" NOT NULL,
    version    text COLLATE "C" NOT NULL,
    definition text NOT NULL,
    stored_at  timestamptz NOT NULL,
    PRIMARY KEY (flow, version)
);
