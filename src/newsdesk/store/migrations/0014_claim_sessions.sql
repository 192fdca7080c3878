-- A claim and a stage lease name the database session of the worker that took them
-- (issue 19). On PostgreSQL each worker's session holds an advisory lock keyed by this
-- number for as long as it lives, so a claim whose session is gone (the worker crashed or
-- was killed) is free at once instead of when its lease runs out. NULL: a claim taken
-- before this migration, or on SQLite, which has one writer; its lease alone ends it.
ALTER TABLE raw_documents ADD COLUMN claimed_session INTEGER;
ALTER TABLE stories ADD COLUMN claimed_session INTEGER;
ALTER TABLE leases ADD COLUMN holder_session INTEGER;
