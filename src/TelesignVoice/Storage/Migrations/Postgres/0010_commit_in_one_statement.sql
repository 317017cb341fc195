-- Lets an event commit in one statement, without an explicit transaction (one round trip instead of
-- two or three): the commit statement (PostgresRows.CommitEvent) calls this when it inserted the event
-- but could not write the call (it was read at a version another delivery has since moved on), and the
-- error undoes everything the statement wrote.
-- Expand only: the previous release never calls it.
CREATE OR REPLACE FUNCTION telesignvoice_call_version_conflict() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the call was written by another delivery since it was read' USING ERRCODE = 'TV409';
END
$$;
