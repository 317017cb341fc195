-- Each call runs on the version of its flow it started on (a content hash), even after the file changed
-- or the server restarted: the call keeps the version, and the flow's definition at that version is
-- kept here (written the first time a call starts on it).
ALTER TABLE calls ADD COLUMN flow_version TEXT;

CREATE TABLE flow_versions (
    flow       TEXT NOT NULL,
    version    TEXT NOT NULL,
    definition TEXT NOT NULL,
    stored_at  TEXT NOT NULL,
    PRIMARY KEY (flow, version)
);
