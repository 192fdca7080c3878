-- A feed item's categories (issue 20): RSS <category>, Atom <category term>, JSON Feed
-- tags, kept with the raw document as a JSON list so that extraction (and any later
-- re-extraction) can classify the article by them ("Opinion", "Analysis").
ALTER TABLE raw_documents ADD COLUMN feed_categories TEXT NOT NULL DEFAULT '[]';
