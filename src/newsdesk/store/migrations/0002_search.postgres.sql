-- Full-text search over published stories (issue 8), PostgreSQL's counterpart of the
-- SQLite FTS5 table: one row per published story, its latest version. (Numbered 0005 in
-- stores made before issue 18.)
-- The 'simple' configuration lower-cases and does not stem, as FTS5's unicode61 does.
CREATE TABLE story_search (
    story_id BIGINT PRIMARY KEY REFERENCES stories(id),
    version INTEGER NOT NULL,
    headline TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', headline), 'A')
        || setweight(to_tsvector('simple', summary), 'B')
        || setweight(to_tsvector('simple', body), 'C')
    ) STORED
);
CREATE INDEX story_search_document ON story_search USING GIN (document);
