-- What editorial judgement and stories over time need (issues 20, 22): each article's kind
-- (news report, opinion, ...), each source's leaning, and each story's section and
-- storyline (related events linked in order).
ALTER TABLE articles ADD COLUMN kind TEXT;          -- NULL: not classified
ALTER TABLE sources ADD COLUMN leaning TEXT;        -- NULL: not rated

CREATE TABLE storylines (
    id {key},
    created_at {stamp} NOT NULL
);

ALTER TABLE stories ADD COLUMN section TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN storyline_id {ref} REFERENCES storylines(id);
CREATE INDEX stories_storyline ON stories(storyline_id);
