-- The console shows the notifications one call caused (its reference id is their ordering key), newest
-- first, without reading the whole outbox.
CREATE INDEX notifications_by_ordering_key ON notifications (ordering_key, id);
