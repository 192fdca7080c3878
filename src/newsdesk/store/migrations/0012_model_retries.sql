-- Stories whose language-model draft was not used (issue 21): the next model try of each.
-- A row is added when a story falls back to the extractive writer and removed when a
-- model draft is published; `attempts` counts the tries the model answered.
CREATE TABLE model_retries (
    story_id {ref} PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {stamp} NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    queued_at {stamp} NOT NULL
);
CREATE INDEX model_retries_due ON model_retries(next_attempt_at);
