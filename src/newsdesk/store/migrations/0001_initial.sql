-- The first schema: everything a run reads and writes.
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    retired_at TEXT
);

-- Responses and records exactly as served, stored before any parsing.
CREATE TABLE raw_documents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- feed guid or URL: never a position in a feed
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,             -- JSON object
    body BLOB NOT NULL,
    content_type TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    feed_title TEXT NOT NULL DEFAULT '',
    feed_summary TEXT NOT NULL DEFAULT '',
    feed_published TEXT,
    extracted_at TEXT,                 -- NULL: extraction still to do
    extract_error TEXT                 -- the rejection reason, when there was one
);
CREATE INDEX raw_documents_pending ON raw_documents(id) WHERE extracted_at IS NULL;

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    raw_id INTEGER NOT NULL UNIQUE REFERENCES raw_documents(id) ON DELETE CASCADE,
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    paragraphs TEXT NOT NULL,          -- JSON list of strings
    published_at TEXT,
    updated_at TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    site_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    deduped_at TEXT,
    clustered_at TEXT
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_published ON articles(published_at);

CREATE TABLE duplicates (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    duplicate_of INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    CHECK (article_id != duplicate_of)
);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_article_at TEXT NOT NULL,
    merged_into INTEGER REFERENCES stories(id),
    needs_writing INTEGER NOT NULL DEFAULT 1,
    published_version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE story_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    added_at TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE story_versions (
    story_id INTEGER NOT NULL REFERENCES stories(id),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    headline TEXT NOT NULL,
    draft TEXT NOT NULL,               -- JSON of the Draft
    article_ids TEXT NOT NULL,         -- JSON list
    what_changed TEXT NOT NULL DEFAULT '',
    report TEXT,                       -- JSON of the VerifyReport
    coverage TEXT,                     -- JSON
    PRIMARY KEY (story_id, version)
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    counts TEXT NOT NULL DEFAULT '{}',
    errors TEXT NOT NULL DEFAULT '{}',
    timings TEXT NOT NULL DEFAULT '{}'
);

-- One row per item that a stage could not handle, with its reason.
CREATE TABLE item_errors (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    item TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);

-- Small named blobs: learned outlet boilerplate, caches.
CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
