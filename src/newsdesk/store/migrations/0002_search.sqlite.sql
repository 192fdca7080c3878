-- Full-text search over published stories (issue 7): one row per story, its rowid the
-- story id, holding the latest published version. Publishing keeps it current
-- (SearchIndex.index_story), so no triggers are needed and the statements split cleanly.
CREATE VIRTUAL TABLE story_search USING fts5(
    headline,
    summary,
    body,
    version UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
