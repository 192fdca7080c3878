-- Retention (issue 19): a raw document's body may be dropped once it is extracted and
-- older than retention.raw_days; pruned_at says when. Its row stays (key, URL, content
-- hash: the same page fetched again is still "unchanged"), and so does its article.
ALTER TABLE raw_documents ADD COLUMN pruned_at {stamp};
CREATE INDEX raw_documents_prunable ON raw_documents(fetched_at)
    WHERE pruned_at IS NULL AND extracted_at IS NOT NULL;
