-- The PostgreSQL schema: the same tables and meanings as the SQLite migrations 0001 + 0003.
-- Timestamps stay ISO-8601 UTC text, as in SQLite, so that every comparison and ordering
-- gives the same answer on both engines; COLLATE "C" makes text order byte order whatever
-- the database locale is.
CREATE TABLE sources (
    id BIGSERIAL PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    added_at TEXT COLLATE "C" NOT NULL,
    retired_at TEXT COLLATE "C"
);

CREATE TABLE raw_documents (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    source_id BIGINT REFERENCES sources(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BYTEA NOT NULL,
    content_type TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    fetched_at TEXT COLLATE "C" NOT NULL,
    feed_title TEXT NOT NULL DEFAULT '',
    feed_summary TEXT NOT NULL DEFAULT '',
    feed_published TEXT COLLATE "C",
    extracted_at TEXT COLLATE "C",
    extract_error TEXT,
    claimed_by TEXT,
    claim_expires TEXT COLLATE "C",
    revision INTEGER NOT NULL DEFAULT 0,
    claimed_revision INTEGER
);
CREATE INDEX raw_documents_pending ON raw_documents(id) WHERE extracted_at IS NULL;

CREATE TABLE articles (
    id BIGSERIAL PRIMARY KEY,
    raw_id BIGINT NOT NULL UNIQUE REFERENCES raw_documents(id) ON DELETE CASCADE,
    source_id BIGINT REFERENCES sources(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    published_at TEXT COLLATE "C",
    updated_at TEXT COLLATE "C",
    authors TEXT NOT NULL DEFAULT '[]',
    site_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    created_at TEXT COLLATE "C" NOT NULL,
    deduped_at TEXT COLLATE "C",
    clustered_at TEXT COLLATE "C"
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_published ON articles(published_at);
CREATE INDEX articles_pending_dedupe ON articles(id) WHERE deduped_at IS NULL;

CREATE TABLE duplicates (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    duplicate_of BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    CHECK (article_id != duplicate_of)
);
CREATE INDEX duplicates_of ON duplicates(duplicate_of);

CREATE TABLE stories (
    id BIGSERIAL PRIMARY KEY,
    created_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL,
    last_article_at TEXT COLLATE "C" NOT NULL,
    merged_into BIGINT REFERENCES stories(id),
    needs_writing INTEGER NOT NULL DEFAULT 1,
    published_version INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claim_expires TEXT COLLATE "C",
    revision INTEGER NOT NULL DEFAULT 0,
    claimed_revision INTEGER
);
CREATE INDEX stories_to_write ON stories(id) WHERE needs_writing = 1 AND merged_into IS NULL;
CREATE INDEX stories_merged_into ON stories(merged_into);

CREATE TABLE story_articles (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id BIGINT NOT NULL REFERENCES stories(id),
    added_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE story_versions (
    story_id BIGINT NOT NULL REFERENCES stories(id),
    version INTEGER NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    headline TEXT NOT NULL,
    draft TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    what_changed TEXT NOT NULL DEFAULT '',
    report TEXT,
    coverage TEXT,
    PRIMARY KEY (story_id, version)
);

CREATE TABLE runs (
    id BIGSERIAL PRIMARY KEY,
    started_at TEXT COLLATE "C" NOT NULL,
    finished_at TEXT COLLATE "C",
    counts TEXT NOT NULL DEFAULT '{}',
    errors TEXT NOT NULL DEFAULT '{}',
    timings TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE item_errors (
    id BIGSERIAL PRIMARY KEY,
    run_id BIGINT REFERENCES runs(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    item TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
);
