-- Ingestion state (issue 3).
-- sources.origin: 'config' for [[sources]] of newsdesk.toml (upserted by every run), 'cli'
-- for sources added with `newsdesk sources add` or an OPML import (read until removed).
ALTER TABLE sources ADD COLUMN origin TEXT NOT NULL DEFAULT 'config';

-- One row per fetched URL: validators for conditional GETs, and where a 301/308 sent it.
CREATE TABLE fetch_state (
    url TEXT PRIMARY KEY,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    permanent_url TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL DEFAULT 0,
    fetched_at {stamp}
);

-- One row per remote source: last success, last failure and its reason, backoff.
CREATE TABLE source_health (
    source_id {ref} PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    last_attempt {stamp},
    last_success {stamp},
    last_error TEXT NOT NULL DEFAULT '',
    last_error_detail TEXT NOT NULL DEFAULT '',
    last_error_at {stamp},
    next_attempt {stamp},
    failures INTEGER NOT NULL DEFAULT 0
);
