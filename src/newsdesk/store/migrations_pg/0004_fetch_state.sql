-- Ingestion state (issue 3): the same tables and meanings as the SQLite migration 0004.
ALTER TABLE sources ADD COLUMN origin TEXT NOT NULL DEFAULT 'config';

CREATE TABLE fetch_state (
    url TEXT PRIMARY KEY,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    permanent_url TEXT NOT NULL DEFAULT '',
    status INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT COLLATE "C"
);

CREATE TABLE source_health (
    source_id BIGINT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    last_attempt TEXT COLLATE "C",
    last_success TEXT COLLATE "C",
    last_error TEXT NOT NULL DEFAULT '',
    last_error_detail TEXT NOT NULL DEFAULT '',
    last_error_at TEXT COLLATE "C",
    next_attempt TEXT COLLATE "C",
    failures INTEGER NOT NULL DEFAULT 0
);
