"""A feed item's categories travel through ingest to the article's kind (issue 20)."""

from __future__ import annotations

import json

import pytest
from ingest_loopback import LoopbackServer, run_collect

from newsdesk.extract import extract
from newsdesk.ingest.feeds import Feed, parse_feed
from newsdesk.ingest.http import FetchOptions
from newsdesk.models import Article, ArticleKind, Source, SourceKind
from newsdesk.store import SQLiteStore


def kinds_by_url(store: SQLiteStore) -> dict[str, ArticleKind | None]:
    out = {}
    for raw in store.pending_raw():
        if raw.content_type.startswith("text/html"):
            article = extract(raw)
            assert isinstance(article, Article), article
            out[raw.url] = article.kind
    return out


@pytest.mark.parametrize(
    ("feed", "first_kind"),
    [("rss20-categories.xml", ArticleKind.OPINION), ("rss20.xml", ArticleKind.NEWS)],
)
def test_an_opinion_category_in_the_feed_makes_the_article_opinion(
    server: LoopbackServer,
    store: SQLiteStore,
    options: FetchOptions,
    feed: str,
    first_kind: ArticleKind,
) -> None:
    server.serve_feed("/feed.xml", feed, "application/rss+xml; charset=utf-8")
    server.serve_pages()
    report = run_collect([Source(server.url("/feed.xml"), SourceKind.FEED)], store, options)
    assert report.counts["ingest.new"] == 3
    stored = {r.url: r.feed_categories for r in store.pending_raw()}
    kinds = kinds_by_url(store)
    show = server.url("/news/la-auto-show.html")
    wagon = server.url("/news/vw-space-vizzion.html")
    # The same page is a news report without the feed's word, a column with it.
    assert kinds[show] is first_kind
    if feed == "rss20-categories.xml":
        assert stored[show] == ("Opinion", "Autos")
        assert stored[wagon] == ("Autos",)


def test_atom_and_json_feed_categories_are_read() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>
<entry><title>A column</title><id>urn:a</id><link href="https://a.example/1"/>
<category term="Analysis" label="News Analysis"/><category term="  "/></entry></feed>"""
    parsed = parse_feed(atom, "https://a.example/feed", "application/atom+xml")
    assert isinstance(parsed, Feed)
    assert parsed.items[0].categories == ("Analysis",)
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "T",
            "items": [
                {"id": "1", "url": "https://a.example/2", "tags": ["Commentary", 7, "Commentary"]},
                {"id": "2", "url": "https://a.example/3", "tags": "Opinion"},  # not a list
            ],
        }
    ).encode()
    parsed = parse_feed(body, "https://a.example/feed.json")
    assert isinstance(parsed, Feed)
    assert [i.categories for i in parsed.items] == [("Commentary",), ()]
