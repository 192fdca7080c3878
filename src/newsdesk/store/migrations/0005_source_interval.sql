-- How often `watch` reads a source, in minutes; NULL: watch.interval_minutes. Kept for
-- sources added with `newsdesk sources add --interval`, which have no config entry.
ALTER TABLE sources ADD COLUMN interval_minutes {float};
