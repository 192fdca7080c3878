-- What goes out by e-mail (issue 23): each day's digest with its sending state, and the
-- alerts the operator is sent.

-- One digest per day (the date in the site's time zone). send_state:
--   'pending'  made, not tried yet          'sending' a send is under way (or was killed)
--   'sent'     the server accepted it       'failed'  refused or unreachable; retried
--   'unknown'  killed between handing the message over and recording the answer: the
--              server may have it; only the operator sends it again
--   'unsent'   no recipients configured
CREATE TABLE digests (
    day TEXT PRIMARY KEY,              -- YYYY-MM-DD
    made_at {stamp} NOT NULL,
    period_start {stamp} NOT NULL,
    period_end {stamp} NOT NULL,
    content TEXT NOT NULL,             -- JSON of the digest (newsdesk.digest)
    send_state TEXT NOT NULL DEFAULT 'pending'
        CHECK (send_state IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'unsent')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at {stamp},
    last_error TEXT NOT NULL DEFAULT '',
    sent_at {stamp},
    message_id TEXT NOT NULL DEFAULT ''
);

-- One row per time a condition held: fired, the alert sent, then resolved and the
-- recovery notice sent. At most one open row (not resolved) per condition.
CREATE TABLE alerts (
    id {key},
    condition TEXT NOT NULL,           -- 'no_publication', 'source_failing:<source id>'
    detail TEXT NOT NULL DEFAULT '',
    fired_at {stamp} NOT NULL,
    fire_sent_at {stamp},
    resolved_at {stamp},
    recovery_sent_at {stamp}
);
CREATE UNIQUE INDEX alerts_open ON alerts(condition) WHERE resolved_at IS NULL;
