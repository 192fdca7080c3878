-- The cluster window's IDF table also counts the newest articles of closed stories
-- (ClusterOptions.idf_memory; docs/decisions/cluster.md, "Time in clustering"): each such
-- article's retirement number (the oldest leaves the table first) and its terms, one a
-- line, saved with the window so that a resumed run weighs terms exactly as before.
CREATE TABLE cluster_retired (
    article_id {ref} PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    terms TEXT NOT NULL
);
