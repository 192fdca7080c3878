-- The reply cache keeps only accepted replies, for a while and up to a number (issue 21):
-- each reply's model and prompt version, so that replies to an older prompt are removed
-- at once (their keys can never be asked again).
ALTER TABLE llm_replies ADD COLUMN model TEXT NOT NULL DEFAULT '';
ALTER TABLE llm_replies ADD COLUMN prompt_version TEXT NOT NULL DEFAULT '';
