-- Typed tables for what stages keep between runs (issue 18), instead of the string-keyed
-- `state` table. After these statements the migration moves the `state` rows here and
-- drops `state` (newsdesk.store.migrate.move_state).

-- robots.txt of each site as last read (newsdesk.ingest.robots).
CREATE TABLE robots_cache (
    origin TEXT PRIMARY KEY,           -- scheme://host[:port]
    verdict TEXT NOT NULL CHECK (verdict IN ('rules', 'allow_all', 'disallow_all')),
    body TEXT NOT NULL DEFAULT '',
    fetched_at {stamp} NOT NULL
);

-- When `newsdesk watch` last read each source (sources.url, config and CLI ones alike).
CREATE TABLE source_reads (
    source_url TEXT PRIMARY KEY,
    read_at {stamp} NOT NULL
);

-- Language-model replies by a hash of model and prompt (newsdesk.write.llm).
CREATE TABLE llm_replies (
    key TEXT PRIMARY KEY,
    reply TEXT NOT NULL,
    created_at {stamp} NOT NULL
);
CREATE INDEX llm_replies_created ON llm_replies(created_at);

-- One row per thing a stage learns across runs, as its JSON; NULL until first saved.
-- The rows exist from the start, so that an update can lock its row.
CREATE TABLE stage_state (
    name TEXT PRIMARY KEY CHECK (name IN ('outlet_boilerplate', 'cluster_watch_lists')),
    value TEXT,
    updated_at {stamp}
);
INSERT INTO stage_state (name) VALUES ('outlet_boilerplate');
INSERT INTO stage_state (name) VALUES ('cluster_watch_lists');
