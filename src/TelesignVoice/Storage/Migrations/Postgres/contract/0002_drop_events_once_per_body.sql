-- Contract step of 0002, run by `migrate --contract` once no instance of the release before 0002 is left:
-- without the per-body constraint the same body can be stored again at a later call version.
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_once_per_body;
