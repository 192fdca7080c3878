-- The operator's controls (issue 23): a story's status, the notes that explain each
-- correction, retraction or suppression, and blocked sources.
--   status: 'live' (published, corrected or not), 'retracted' (kept at its address with
--   its retraction note, never rewritten), 'suppressed' (taken off the site, feeds, API
--   and export; never rewritten).
ALTER TABLE stories ADD COLUMN status TEXT NOT NULL DEFAULT 'live'
    CHECK (status IN ('live', 'retracted', 'suppressed'));

CREATE TABLE story_notes (
    id {key},
    story_id {ref} NOT NULL REFERENCES stories(id),
    kind TEXT NOT NULL CHECK (kind IN ('correction', 'retraction', 'suppression', 'restoration')),
    note TEXT NOT NULL,
    version INTEGER NOT NULL,          -- the story version the note came with
    created_at {stamp} NOT NULL
);
CREATE INDEX story_notes_story ON story_notes(story_id);
CREATE INDEX story_notes_created ON story_notes(created_at);

-- A blocked source is read by no run until it is unblocked; its row and documents stay.
ALTER TABLE sources ADD COLUMN blocked_at {stamp};
ALTER TABLE sources ADD COLUMN blocked_note TEXT NOT NULL DEFAULT '';
