-- A source's own setting for the kind of its articles (issue 20): `kind_of_articles` on a
-- [[sources]] table ("opinion" for a columnists' feed, "press_release" for a newsroom's
-- releases), which outranks what each page says. NULL: classify each page.
ALTER TABLE sources ADD COLUMN article_kind TEXT;
