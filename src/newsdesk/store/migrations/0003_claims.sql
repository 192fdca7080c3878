-- Work claiming, so that several workers can share one store (issue 8).
-- A claim is a lease: claimed_by names the worker, claim_expires (ISO-8601 UTC) ends it,
-- so a crashed worker's items return to the queue. A revision counter on each queue row
-- tells a finishing worker whether the item changed while it held the claim.
ALTER TABLE raw_documents ADD COLUMN claimed_by TEXT;
ALTER TABLE raw_documents ADD COLUMN claim_expires {stamp};
ALTER TABLE raw_documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE raw_documents ADD COLUMN claimed_revision INTEGER;

ALTER TABLE stories ADD COLUMN claimed_by TEXT;
ALTER TABLE stories ADD COLUMN claim_expires {stamp};
ALTER TABLE stories ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN claimed_revision INTEGER;
CREATE INDEX stories_to_write ON stories(id) WHERE needs_writing = 1 AND merged_into IS NULL;

-- Stage-wide leases for stages that must run in one worker at a time (dedupe, cluster).
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at {stamp} NOT NULL
);
