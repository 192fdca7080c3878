-- Outlets' leanings imported from a ratings file (`newsdesk sources import-ratings`), for
-- outlets that reach us through a source that carries many outlets (a JSONL dump, an
-- aggregator's feed). ``key`` is "domain:<host>" or "name:<outlet name, folded>"; a
-- source's own leaning (sources.leaning) comes first.
CREATE TABLE outlet_ratings (
    key TEXT PRIMARY KEY,
    outlet TEXT NOT NULL,
    leaning TEXT NOT NULL,
    rated_at {stamp} NOT NULL
);
