-- Indexes that PostgreSQL stores had from their first migration and SQLite stores lacked
-- (issue 18): now every store has them, whatever its engine or age.
CREATE INDEX IF NOT EXISTS articles_pending_dedupe ON articles(id) WHERE deduped_at IS NULL;
CREATE INDEX IF NOT EXISTS duplicates_of ON duplicates(duplicate_of);
CREATE INDEX IF NOT EXISTS stories_merged_into ON stories(merged_into);
