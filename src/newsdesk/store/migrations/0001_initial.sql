-- The first schema: everything a run reads and writes.
-- Both engines run every migration in this folder; NNNN_name.<engine>.sql is one engine's
-- own. Types that differ are written as placeholders (newsdesk.store.migrate):
--   key: the row id, an auto-numbered primary key   ref: a column holding such an id
--   stamp: an ISO-8601 UTC timestamp as text (byte-ordered on PostgreSQL)
--   bytes: binary data   float: a double-precision number
CREATE TABLE sources (
    id {key},
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    added_at {stamp} NOT NULL,
    retired_at {stamp}
);

-- Responses and records exactly as served, stored before any parsing.
CREATE TABLE raw_documents (
    id {key},
    key TEXT NOT NULL UNIQUE,          -- feed guid or URL: never a position in a feed
    source_id {ref} REFERENCES sources(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,             -- JSON object
    body {bytes} NOT NULL,
    content_type TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    fetched_at {stamp} NOT NULL,
    feed_title TEXT NOT NULL DEFAULT '',
    feed_summary TEXT NOT NULL DEFAULT '',
    feed_published {stamp},
    extracted_at {stamp},              -- NULL: extraction still to do
    extract_error TEXT                 -- the rejection reason, when there was one
);
CREATE INDEX raw_documents_pending ON raw_documents(id) WHERE extracted_at IS NULL;

CREATE TABLE articles (
    id {key},
    raw_id {ref} NOT NULL UNIQUE REFERENCES raw_documents(id) ON DELETE CASCADE,
    source_id {ref} REFERENCES sources(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    paragraphs TEXT NOT NULL,          -- JSON list of strings
    published_at {stamp},
    updated_at {stamp},
    authors TEXT NOT NULL DEFAULT '[]',
    site_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    created_at {stamp} NOT NULL,
    deduped_at {stamp},
    clustered_at {stamp}
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_published ON articles(published_at);

CREATE TABLE duplicates (
    article_id {ref} PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    duplicate_of {ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    CHECK (article_id != duplicate_of)
);

CREATE TABLE stories (
    id {key},
    created_at {stamp} NOT NULL,
    updated_at {stamp} NOT NULL,
    last_article_at {stamp} NOT NULL,
    merged_into {ref} REFERENCES stories(id),
    needs_writing INTEGER NOT NULL DEFAULT 1,
    published_version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE story_articles (
    article_id {ref} PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id {ref} NOT NULL REFERENCES stories(id),
    added_at {stamp} NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE story_versions (
    story_id {ref} NOT NULL REFERENCES stories(id),
    version INTEGER NOT NULL,
    created_at {stamp} NOT NULL,
    headline TEXT NOT NULL,
    draft TEXT NOT NULL,               -- JSON of the Draft
    article_ids TEXT NOT NULL,         -- JSON list
    what_changed TEXT NOT NULL DEFAULT '',
    report TEXT,                       -- JSON of the VerifyReport
    coverage TEXT,                     -- JSON
    PRIMARY KEY (story_id, version)
);

CREATE TABLE runs (
    id {key},
    started_at {stamp} NOT NULL,
    finished_at {stamp},
    counts TEXT NOT NULL DEFAULT '{}',
    errors TEXT NOT NULL DEFAULT '{}',
    timings TEXT NOT NULL DEFAULT '{}'
);

-- One row per item that a stage could not handle, with its reason.
CREATE TABLE item_errors (
    id {key},
    run_id {ref} REFERENCES runs(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    item TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at {stamp} NOT NULL
);

-- Small named blobs (until migration 0008 replaced them by typed tables).
CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at {stamp} NOT NULL
);
