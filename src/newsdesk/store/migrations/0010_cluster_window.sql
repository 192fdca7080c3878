-- The cluster stage's open window (issue 19), saved with each batch of placements in one
-- transaction, so that a run resumed after a kill decides exactly as an uninterrupted one.
-- newsdesk.cluster.state writes the JSON (docs/decisions/cluster.md, "Kill-safe state").

-- The counters: the next arrival number and the newest date seen. No row: never saved.
CREATE TABLE cluster_clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value TEXT NOT NULL
);

-- A term vector is two columns: its terms in order, one a line, and their weights,
-- little-endian float64 in the same order.

-- Each open story: its revision, squared length and watchers as JSON, its summed term
-- vector, and its summed embedding (float32) with cluster.use_embeddings.
CREATE TABLE cluster_stories (
    story_id {ref} PRIMARY KEY REFERENCES stories(id),
    value TEXT NOT NULL,
    terms TEXT NOT NULL,
    weights {bytes} NOT NULL,
    dense {bytes}
);

-- Each article of an open story: its story, arrival number, date and outlet as JSON, and
-- its term vector as weighed when it joined.
CREATE TABLE cluster_members (
    article_id {ref} PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id {ref} NOT NULL REFERENCES stories(id),
    seq BIGINT NOT NULL,
    value TEXT NOT NULL,
    terms TEXT NOT NULL,
    weights {bytes} NOT NULL
);
CREATE INDEX cluster_members_story ON cluster_members(story_id);
