-- Sentence embeddings of articles: the same table and meaning as the SQLite migration 0007.
CREATE TABLE article_embeddings (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector BYTEA NOT NULL,
    PRIMARY KEY (article_id, model)
);
