-- Stories whose published page is out of date with no new version: a story whose
-- storyline changed (its page lists the storyline's stories), or one that was merged
-- (its page becomes a redirect). The publish stage reads these with the stories that
-- have a new version, and deletes the rows it read once the run's pages are written, so
-- a run killed before then reads them again. Its ids are never given twice (SQLite's
-- AUTOINCREMENT): a run deletes the ids it read, never a row noted since that took one
-- of them again. A story has one row: noting it again replaces its row by a new one.
CREATE TABLE page_changes (
    id {lasting_key},
    story_id {ref} NOT NULL REFERENCES stories(id)
);

-- A site published before this migration was checked against every story each run:
-- its stories in a storyline or merged are checked once more.
INSERT INTO page_changes (story_id)
    SELECT id FROM stories WHERE storyline_id IS NOT NULL OR merged_into IS NOT NULL;
