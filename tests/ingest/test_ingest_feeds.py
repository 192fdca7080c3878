"""Feeds from the loopback server: every format, stored before parsing, 304s, bad feeds."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from ingest_loopback import LoopbackServer, Reply, run_collect

from newsdesk.ingest.feeds import Feed, parse_feed
from newsdesk.ingest.http import FetchOptions
from newsdesk.ingest.remote import SOURCE_DOCUMENT
from newsdesk.models import Rejected, Source, SourceKind
from newsdesk.store import SQLiteStore

FORMATS = [
    ("/rss20.xml", "rss20.xml", "application/rss+xml; charset=utf-8", 3),
    ("/rss10.rdf", "rss10.rdf", "application/rdf+xml", 1),
    ("/rss091.xml", "rss091.xml", "text/xml", 1),
    ("/atom.xml", "atom.xml", "application/atom+xml", 2),
    ("/feed.json", "feed.json", "application/feed+json", 2),
]


def stored(store: SQLiteStore) -> dict[str, tuple[str, str | None]]:
    """key -> (final_url, extract_error) of every stored raw document."""
    rows = store.conn.execute("SELECT key, final_url, extract_error FROM raw_documents")
    return {r["key"]: (r["final_url"], r["extract_error"]) for r in rows}


@pytest.mark.parametrize(("path", "name", "ctype", "items"), FORMATS)
def test_every_feed_format_stores_the_feed_and_each_page(
    server: LoopbackServer,
    store: SQLiteStore,
    options: FetchOptions,
    path: str,
    name: str,
    ctype: str,
    items: int,
) -> None:
    server.serve_feed(path, name, ctype)
    server.serve_pages()
    report = run_collect([Source(server.url(path), SourceKind.FEED)], store, options)
    assert report.counts["ingest.new"] == items
    assert report.counts["ingest.feeds_read"] == 1
    docs = stored(store)
    # The feed itself is kept, marked so that extraction passes over it.
    assert docs[server.url(path)][1] == SOURCE_DOCUMENT
    pages = [d for d in store.pending_raw() if d.content_type.startswith("text/html")]
    assert len(pages) == items
    for page in pages:
        assert page.body.startswith((b"<!DOCTYPE", b"<!doctype", b"<html", b"\n", b"<"))
        assert page.feed_title
    assert {r.path for r in server.requests} >= {"/robots.txt", path}


def test_rss_item_keeps_its_summary_date_and_a_scoped_guid(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_pages()
    run_collect([Source(server.url("/rss20.xml"), SourceKind.FEED)], store, options)
    by_url = {d.url: d for d in store.pending_raw()}
    show = by_url[server.url("/news/la-auto-show.html")]
    assert (
        show.feed_summary
        == "Automakers rolled out new SUVs & electric vehicles at the Los Angeles show."
    )
    assert show.feed_published is not None and show.feed_published.isoformat().startswith(
        "2019-11-20T17:14"
    )
    # A guid that is not a URL is scoped to its feed; a relative link is resolved.
    oxygen = by_url[server.url("/news/oxygen-bar.html")]
    assert oxygen.key == server.url("/rss20.xml") + "#oxygen-bar-delhi"
    assert b"Oxygen" in oxygen.body


def test_json_feed_keeps_summary_and_counts_items_without_a_link(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.serve_feed("/feed.json", "feed.json", "application/feed+json")
    server.serve_pages()
    report = run_collect([Source(server.url("/feed.json"), SourceKind.FEED)], store, options)
    assert report.errors["ingest.item_no_link"] == 1
    summaries = {d.feed_summary for d in store.pending_raw()}
    assert "A viral claim about an oxygen bar in Delhi, checked." in summaries
    assert "Automakers rolled out new SUVs and electric vehicles." in summaries


def test_second_run_sends_validators_and_a_304_costs_no_parsing(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    body = server.fixture("rss20.xml")

    def feed(request: object) -> Reply:
        if getattr(request, "headers", {}).get("if-none-match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": '"v1"',
                                 "Last-Modified": "Thu, 21 Nov 2019 18:00:00 GMT"})  # fmt: skip

    server.routes["/rss20.xml"] = feed
    server.serve_pages()
    source = Source(server.url("/rss20.xml"), SourceKind.FEED)
    first = run_collect([source], store, options)
    assert first.counts["ingest.new"] == 3
    state = store.fetch_state(server.url("/rss20.xml"))
    assert state is not None and state.etag == '"v1"' and state.last_modified
    second = run_collect([source], store, options)
    assert second.counts == {"ingest.not_modified": 1}
    hits = server.hits("/rss20.xml")
    assert len(hits) == 2
    assert hits[1].headers["if-modified-since"] == "Thu, 21 Nov 2019 18:00:00 GMT"
    assert len(server.hits("/news/la-auto-show.html")) == 1  # pages are not fetched again


def test_a_changed_feed_fetches_only_the_new_items(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_pages()
    source = Source(server.url("/rss20.xml"), SourceKind.FEED)
    run_collect([source], store, options)
    again = run_collect([source], store, options)
    assert again.counts["ingest.known"] == 3
    assert "ingest.new" not in again.counts
    assert len(server.hits("/news/vw-space-vizzion.html")) == 1


def test_truncated_feed_keeps_the_items_before_the_break(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    whole = server.fixture("rss20.xml")
    cut = whole[: whole.index(b"<item>", whole.index(b"<item>") + 1) + 40]
    server.routes["/cut.xml"] = Reply(200, cut, {"Content-Type": "application/rss+xml"})
    server.serve_pages()
    report = run_collect([Source(server.url("/cut.xml"), SourceKind.FEED)], store, options)
    assert report.errors["ingest.feed_partial"] == 1
    assert report.counts["ingest.new"] >= 1
    assert server.url("/news/la-auto-show.html") in stored(store)
    errors = store.conn.execute("SELECT reason FROM item_errors").fetchall()
    # The item cut in half has no link left: it is counted, not fetched.
    assert sorted(e["reason"] for e in errors) == ["feed_partial", "item_no_link"]


def test_feed_with_a_wrong_declared_charset_is_read(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    text = server.fixture("rss20.xml").decode("utf-8").replace("Volkswagen's", "Volkswagen’s café")
    body = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("windows-1252")
    server.routes["/latin.xml"] = Reply(
        200, body, {"Content-Type": "application/rss+xml; charset=utf-8"}
    )
    server.serve_pages()
    report = run_collect([Source(server.url("/latin.xml"), SourceKind.FEED)], store, options)
    assert report.counts["ingest.new"] == 3
    summaries = " ".join(d.feed_summary for d in store.pending_raw())
    assert "café" in summaries


def test_not_a_feed_fails_the_source_with_its_reason(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/feed"] = Reply(200, b"\x00\x01 binary junk", {"Content-Type": "text/xml"})
    source = Source(server.url("/feed"), SourceKind.FEED)
    report = run_collect([source], store, options)
    assert report.errors == {"ingest.not_a_feed": 1}
    source_id = store.list_sources()[0].id
    assert source_id is not None
    health = store.source_health(source_id)
    assert health.last_error == "not_a_feed" and health.failures == 1
    # The response was stored before parsing, so a later fix can re-read it.
    assert stored(store)[server.url("/feed")][1] == SOURCE_DOCUMENT


def test_items_past_the_limit_wait_for_the_next_run(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_pages()
    limited = replace(options, max_items_per_feed=2)
    report = run_collect([Source(server.url("/rss20.xml"), SourceKind.FEED)], store, limited)
    assert report.counts["ingest.new"] == 2
    assert report.counts["ingest.over_item_limit"] == 1


def test_parse_feed_reads_a_json_feed_without_feedparser() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1",
            "title": "T",
            "items": [{"id": "https://a.example/1", "url": "https://a.example/1", "summary": "S"}],
        }
    ).encode()
    feed = parse_feed(body, "https://a.example/feed.json")
    assert isinstance(feed, Feed)
    assert feed.items[0].key == "https://a.example/1" and feed.items[0].summary == "S"
    assert parse_feed(b'{"version": 2}', "https://a.example/f") == Rejected(
        "not_a_feed", "JSON without a jsonfeed.org version"
    )


def test_a_failed_page_is_retried_next_run_instead_of_a_304(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    body = server.fixture("rss20.xml")

    def feed(request: object) -> Reply:
        if getattr(request, "headers", {}).get("if-none-match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    server.routes["/rss20.xml"] = feed
    server.serve_pages()
    server.routes["/news/oxygen-bar.html"] = Reply(500, b"down")
    source = Source(server.url("/rss20.xml"), SourceKind.FEED)
    first = run_collect([source], store, options)
    assert first.counts["ingest.new"] == 2 and first.errors == {"ingest.http_500": 1}
    assert store.fetch_state(server.url("/rss20.xml")) is None  # no validators kept yet
    server.serve_pages()
    second = run_collect([source], store, options)
    assert second.counts["ingest.new"] == 1 and second.counts["ingest.known"] == 2
    state = store.fetch_state(server.url("/rss20.xml"))
    assert state is not None and state.etag == '"v1"'
    assert run_collect([source], store, options).counts == {"ingest.not_modified": 1}


def test_an_item_that_is_not_a_page_is_not_downloaded(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    podcast = server.fixture("rss20.xml").replace(
        b"/news/vw-space-vizzion.html</link>", b"/media/episode.mp3</link>"
    )
    server.routes["/rss20.xml"] = Reply(200, podcast, {"Content-Type": "application/rss+xml"})
    server.routes["/media/episode.mp3"] = Reply(
        200, b"ID3" + b"\0" * 500_000, {"Content-Type": "audio/mpeg"}
    )
    server.serve_pages()
    report = run_collect([Source(server.url("/rss20.xml"), SourceKind.FEED)], store, options)
    assert report.counts["ingest.new"] == 2
    assert report.errors == {"ingest.not_html": 1}
    assert all(d.content_type.startswith("text/html") for d in store.pending_raw())


def test_pages_past_the_source_budget_wait_for_the_next_run(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_pages()
    for path in ("/news/vw-space-vizzion.html", "/news/oxygen-bar.html"):
        page = server.routes[path]
        assert isinstance(page, Reply)
        server.routes[path] = replace(page, delay=1.0)
    source = Source(server.url("/rss20.xml"), SourceKind.FEED)
    hurried = replace(options, source_budget=0.5, read_timeout=2.0)
    first = run_collect([source], store, hurried)
    assert first.counts["ingest.new"] == 1 and first.counts["ingest.deferred"] == 2
    assert not first.errors
    [stored_source] = store.list_sources()
    assert stored_source.id is not None
    assert store.source_health(stored_source.id).failures == 0  # slow is not failing
    assert store.fetch_state(source.url) is None  # so the next run reads the feed again
    server.serve_pages()
    second = run_collect([source], store, hurried)
    assert second.counts["ingest.new"] == 2 and second.counts["ingest.known"] == 1
