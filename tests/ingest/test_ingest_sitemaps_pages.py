"""Sitemaps (plain, gzipped, Google News, indexes) and pages (article, front page)."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

from ingest_loopback import LoopbackServer, Reply, run_collect

from newsdesk.ingest.http import FetchOptions
from newsdesk.ingest.page import discover_feeds, looks_like_article
from newsdesk.ingest.remote import SOURCE_DOCUMENT
from newsdesk.ingest.sitemaps import Sitemap, parse_sitemap
from newsdesk.models import Rejected, Source, SourceKind
from newsdesk.store import SQLiteStore

XML = {"Content-Type": "application/xml"}


def test_sitemap_index_reads_children_within_the_date_window(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/sitemap.xml"] = Reply(200, server.fixture("sitemap-index.xml"), XML)
    server.routes["/sitemap-news.xml"] = Reply(200, server.fixture("sitemap-news.xml"), XML)
    server.routes["/sitemap-pages.xml.gz"] = Reply(
        200,
        gzip.compress(server.fixture("sitemap-pages.xml")),
        {"Content-Type": "application/gzip"},
    )
    server.serve_pages()
    report = run_collect([Source(server.url("/sitemap.xml"), SourceKind.SITEMAP)], store, options)
    assert report.counts["ingest.sitemaps_read"] == 3
    # Two pages dated long ago are left out (one news entry, one lastmod), as is the old
    # child sitemap, which is never fetched.
    assert report.counts["ingest.sitemap_too_old"] == 2 + 1
    assert server.hits("/sitemap-2015.xml") == []
    docs = {d.url: d for d in store.pending_raw()}
    assert set(docs) == {server.url("/news/la-auto-show.html"), server.url("/news/oxygen-bar.html")}
    show = docs[server.url("/news/la-auto-show.html")]
    assert show.feed_title == "New SUVs and electric vehicles highlight L.A. Auto Show"
    assert show.feed_published is not None
    kept = store.conn.execute(
        "SELECT COUNT(*) FROM raw_documents WHERE extract_error = ?", (SOURCE_DOCUMENT,)
    ).fetchone()[0]
    assert kept == 3


def test_parse_sitemap_refuses_entity_expansion() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&c;</loc></url></urlset>'
    )
    parsed = parse_sitemap(bomb, "https://a.example/s.xml")
    # Entities are not expanded: the <loc> is empty, so no page comes out of it.
    assert parsed == Sitemap() or isinstance(parsed, Rejected)


def test_parse_sitemap_window_and_limit() -> None:
    now = datetime.now(UTC)
    days = [(n, (now - timedelta(days=n)).date()) for n in range(10)]
    entries = "".join(
        f"<url><loc>https://a.example/{n}</loc><lastmod>{day}</lastmod></url>" for n, day in days
    )
    body = (
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode()
    )
    parsed = parse_sitemap(
        body, "https://a.example/s.xml", since=now - timedelta(days=4), max_items=3
    )
    assert isinstance(parsed, Sitemap)
    assert [i.url for i in parsed.items] == [f"https://a.example/{n}" for n in range(3)]
    # Day 4 starts before the window (dates are read as midnight UTC).
    assert parsed.over_limit == 1 and parsed.too_old == 6
    assert parse_sitemap(b"<html></html>", "u") == Rejected(
        "not_a_sitemap", "root element is <html>"
    )


def test_single_article_page_is_stored_and_conditionally_refetched(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.serve_pages()
    page = server.routes["/news/oxygen-bar.html"]
    assert isinstance(page, Reply)
    page.headers["Last-Modified"] = "Mon, 18 Nov 2019 08:00:00 GMT"

    def conditional(request: object) -> Reply:
        if (
            getattr(request, "headers", {}).get("if-modified-since")
            == page.headers["Last-Modified"]
        ):
            return Reply(304)
        return page

    server.routes["/news/oxygen-bar.html"] = conditional
    source = Source(server.url("/news/oxygen-bar.html"), SourceKind.PAGE)
    first = run_collect([source], store, options)
    assert first.counts["ingest.new"] == 1
    [doc] = store.pending_raw()
    assert doc.key == source.url and b"Oxygen" in doc.body
    second = run_collect([source], store, options)
    assert second.counts == {"ingest.not_modified": 1}


def test_front_page_discovers_its_feed_and_reads_it(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/"] = Reply(200, server.fixture("front.html"), {"Content-Type": "text/html"})
    server.serve_feed("/rss20.xml", "rss20.xml", "application/rss+xml")
    server.serve_pages()
    report = run_collect([Source(server.url("/"), SourceKind.FRONT_PAGE)], store, options)
    assert report.counts["ingest.new"] == 3
    assert report.counts["ingest.feeds_read"] == 1
    assert server.hits("/atom.xml") == []  # the first announced feed is the one read


def test_front_page_without_a_feed_fails_with_its_reason(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/"] = Reply(
        200, b"<html><body><h1>Hi</h1></body></html>", {"Content-Type": "text/html"}
    )
    report = run_collect([Source(server.url("/"), SourceKind.FRONT_PAGE)], store, options)
    assert report.errors == {"ingest.no_feed_found": 1}
    [source] = store.list_sources()
    assert source.id is not None
    assert store.source_health(source.id).last_error == "no_feed_found"


def test_discovery_on_real_pages(server: LoopbackServer) -> None:
    server.serve_pages()
    slashgear = server.routes["/news/vw-space-vizzion.html"]
    assert isinstance(slashgear, Reply)
    feeds = discover_feeds(slashgear.body, "https://www.slashgear.com/x")
    assert feeds[0] == "https://www.slashgear.com/feed/"
    assert looks_like_article(slashgear.body)
    front = server.fixture("front.html")
    assert discover_feeds(front, server.url("/")) == [
        server.url("/rss20.xml"),
        server.url("/atom.xml"),
    ]
    assert not looks_like_article(front)
    assert discover_feeds(b"\xff\xfe\x00garbage", "https://a.example/") == []
