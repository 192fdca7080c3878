-- Sentence embeddings of articles (cluster.use_embeddings), kept so that a run restoring
-- its open stories does not embed their articles again. One vector per article and model:
-- little-endian float32, unit length.
CREATE TABLE article_embeddings (
    article_id {ref} NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector {bytes} NOT NULL,
    PRIMARY KEY (article_id, model)
);
