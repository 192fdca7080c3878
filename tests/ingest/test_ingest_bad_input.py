"""One bad line, item, link or outline is recorded and skipped; the rest is kept.

Each case here was reproduced against newsdesk before its fix (issue 19): a poison
JSONL line stopped every run, one malformed link lost a whole feed, an OPML outline
with a malformed URL crashed the import, and OPML could add local files as sources.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from ingest_loopback import LoopbackServer, Reply, run_collect

from newsdesk.extract import extract
from newsdesk.ingest.feeds import Feed, parse_feed
from newsdesk.ingest.files import read_jsonl
from newsdesk.ingest.http import FetchOptions
from newsdesk.ingest.opml import OpmlImport, opml_text, parse_opml
from newsdesk.ingest.page import discover_feeds
from newsdesk.ingest.sitemaps import Sitemap, parse_sitemap
from newsdesk.models import Article, RawDocument, Rejected, Source, SourceKind
from newsdesk.store import SQLiteStore

BAD_HOST = "http://[::1/a"  # urllib raises ValueError("Invalid IPv6 URL") on it
WORDS = " ".join(["The council voted on the new budget after a long debate."] * 8)


def line(url: str, text: str = WORDS) -> str:
    return json.dumps({"url": url, "title": "A title", "text": text})


def test_a_jsonl_line_nested_100000_deep_is_one_rejected_line(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    poison = "[" * 100_000 + "]" * 100_000
    dump.write_text("\n".join([line("https://a.example/1"), poison, line("https://a.example/2")]))
    items = list(read_jsonl(Source(str(dump), SourceKind.JSONL)))
    assert [i.url for i in items if isinstance(i, RawDocument)] == [
        "https://a.example/1",
        "https://a.example/2",
    ]
    [(where, rejected)] = [i for i in items if isinstance(i, tuple)]
    assert where == "dump.jsonl:2" and rejected.reason == "bad_json"


def test_a_jsonl_line_longer_than_the_limit_is_skipped_without_reading_it_whole(
    tmp_path: Path,
) -> None:
    dump = tmp_path / "dump.jsonl"
    from newsdesk.ingest import files

    long = line("https://a.example/long", "x" * (files.MAX_FILE_BYTES + 10))
    dump.write_text("\n".join([long, line("https://a.example/2")]))
    items = list(read_jsonl(Source(str(dump), SourceKind.JSONL)))
    assert [i.url for i in items if isinstance(i, RawDocument)] == ["https://a.example/2"]
    [(where, rejected)] = [i for i in items if isinstance(i, tuple)]
    assert where == "dump.jsonl:1" and rejected.reason == "too_large"


def test_a_poison_jsonl_line_does_not_stop_the_run(tmp_path: Path) -> None:
    from newsdesk.config import load_config
    from newsdesk.pipeline import run

    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        "\n".join([line("https://a.example/1"), "[" * 100_000, line("https://b.example/2")])
    )
    config_path = tmp_path / "newsdesk.toml"
    config_path.write_text(
        f"[extract]\nmin_words = 25\n[[sources]]\nurl = {json.dumps(str(dump))}\nkind = 'jsonl'\n"
    )
    config = load_config(config_path, env={})
    store = SQLiteStore(config.store_url)
    try:
        report = run(config, store)
        assert report.finished_at is not None
        assert report.errors.get("ingest.bad_json") == 1
        assert report.counts["ingest.new"] == 2
        assert report.counts["extract.articles"] == 2
        assert "publish.pages" in report.counts
    finally:
        store.close()


RSS_WITH_A_BAD_LINK = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>{base}/news/la-auto-show.html</link></item>
<item><title>Broken</title><link>http://[::1/a</link></item>
<item><title>Two</title><link>{base}/news/vw-space-vizzion.html</link></item>
<item><title>Three</title><link>{base}/news/oxygen-bar.html</link></item>
</channel></rss>"""


def test_parse_feed_skips_an_item_with_a_malformed_link() -> None:
    feed = parse_feed(RSS_WITH_A_BAD_LINK.replace("{base}", "https://a.example").encode(), "u")
    assert isinstance(feed, Feed)
    assert [i.title for i in feed.items] == ["One", "Two", "Three"]
    assert feed.no_link == 1


def test_a_malformed_item_link_loses_only_that_item(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    server.routes["/feed.xml"] = Reply(
        200,
        RSS_WITH_A_BAD_LINK.replace("{base}", server.base).encode(),
        {"Content-Type": "application/rss+xml"},
    )
    server.serve_pages()
    report = run_collect([Source(server.url("/feed.xml"), SourceKind.FEED)], store, options)
    assert report.counts["ingest.new"] == 3
    assert report.errors == {"ingest.item_no_link": 1}
    [source] = store.list_sources()
    assert source.id is not None and store.source_health(source.id).failures == 0


def test_malformed_guid_and_redirect_location_are_reasons_not_crashes(
    server: LoopbackServer, store: SQLiteStore, options: FetchOptions
) -> None:
    rss = (
        "<rss version='2.0'><channel><title>W</title>"
        f"<item><guid>http://[oops/1</guid><link>{server.base}/news/oxygen-bar.html</link></item>"
        f"<item><link>{server.base}/moved</link></item></channel></rss>"
    )
    server.routes["/feed.xml"] = Reply(200, rss.encode(), {"Content-Type": "application/rss+xml"})
    # httpx reads this Location, urllib raises ValueError on it.
    server.routes["/moved"] = Reply(302, b"", {"Location": "http://x.examp]le/a"})
    server.serve_pages()
    report = run_collect([Source(server.url("/feed.xml"), SourceKind.FEED)], store, options)
    assert report.counts["ingest.new"] == 1
    assert report.errors == {"ingest.bad_url": 1}


def test_sitemap_keeps_only_fetchable_locations() -> None:
    body = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://a.example/1</loc></url><url><loc>http://[::1/a</loc></url>"
        b"<url><loc>javascript:alert(1)</loc></url><url><loc>https://a.example/2</loc></url>"
        b"</urlset>"
    )
    sitemap = parse_sitemap(body, "https://a.example/sitemap.xml")
    assert isinstance(sitemap, Sitemap)
    assert [i.url for i in sitemap.items] == ["https://a.example/1", "https://a.example/2"]


def test_discover_feeds_passes_over_a_malformed_base() -> None:
    page = (
        b'<html><head><base href="http://[::1/"><link rel="alternate" '
        b'type="application/rss+xml" href="/feed.xml"></head></html>'
    )
    assert discover_feeds(page, "https://a.example/") == ["https://a.example/feed.xml"]


OPML_WITH_BAD_OUTLINES = b"""<?xml version="1.0"?>
<opml version="2.0"><body>
  <outline text="good" xmlUrl="https://a.example/feed.xml"/>
  <outline text="bad host" xmlUrl="http://[::1/feed"/>
  <outline text="folder" url="/home/me/private" newsdeskKind="folder"/>
  <outline text="passwd" url="/etc/passwd" newsdeskKind="jsonl"/>
  <outline text="warc" xmlUrl="/data/crawl.warc.gz" newsdeskKind="warc"/>
  <outline text="file" xmlUrl="file:///etc/passwd"/>
  <outline text="sitemap" url="https://a.example/sitemap.xml" newsdeskKind="sitemap"/>
  <outline text="also good" xmlUrl="https://b.example/feed.xml"/>
</body></opml>"""


def test_opml_import_keeps_the_good_outlines_and_refuses_bad_and_local_ones() -> None:
    parsed = parse_opml(OPML_WITH_BAD_OUTLINES)
    assert isinstance(parsed, OpmlImport)
    assert [(s.url, s.kind) for s in parsed.sources] == [
        ("https://a.example/feed.xml", SourceKind.FEED),
        ("https://a.example/sitemap.xml", SourceKind.SITEMAP),
        ("https://b.example/feed.xml", SourceKind.FEED),
    ]
    assert [r.reason for r in parsed.refused] == [
        "bad_url",
        "local_source",
        "local_source",
        "local_source",
    ]
    assert parsed.skipped == 1  # the file:// URL is not a feed that can be fetched


def test_opml_export_of_a_local_source_does_not_come_back_as_a_source() -> None:
    sources = [
        Source("https://a.example/feed.xml", SourceKind.FEED, "A"),
        Source("/data/dumps/cc-news.warc.gz", SourceKind.WARC, "CC-NEWS"),
    ]
    back = parse_opml(opml_text(sources).encode("utf-8"))
    assert isinstance(back, OpmlImport)
    assert [s.url for s in back.sources] == ["https://a.example/feed.xml"]
    assert [r.reason for r in back.refused] == ["local_source"]


def test_extract_keeps_an_article_whose_url_has_a_malformed_host() -> None:
    body = f"<html><head><title>T</title></head><body><article><p>{WORDS}</p></article>"
    for url in (BAD_HOST, "http://x.examp]le/a", "http://x.example[ ]/a"):
        raw = RawDocument(
            key=url,
            url=url,
            final_url=url,
            status=200,
            headers={},
            body=json.dumps({"url": url, "text": WORDS}).encode(),
            fetched_at=datetime.now(UTC),
            content_type="application/json",
        )
        assert isinstance(extract(raw), Article), url
        html_raw = RawDocument(
            key=url,
            url=url,
            final_url=url,
            status=200,
            headers={},
            body=body.encode(),
            fetched_at=datetime.now(UTC),
        )
        assert not isinstance(extract(html_raw), Rejected), url


def test_sources_import_opml_lists_what_it_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsdesk.cli import main

    opml = tmp_path / "subscriptions.opml"
    opml.write_bytes(OPML_WITH_BAD_OUTLINES)
    config = tmp_path / "newsdesk.toml"
    config.write_text('[store]\nurl = "newsdesk.db"\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["sources", "import-opml", str(opml), "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    assert f"imported 3 sources from {opml}, skipped 1 outlines without a feed, refused 4" in (
        result.output
    )
    assert "refused: bad_url: http://[::1/feed" in result.output
    assert "refused: local_source: /etc/passwd: jsonl sources come only from" in result.output
    store = SQLiteStore(tmp_path / "newsdesk.db")
    try:
        assert sorted(s.url for s in store.managed_sources()) == [
            "https://a.example/feed.xml",
            "https://a.example/sitemap.xml",
            "https://b.example/feed.xml",
        ]
    finally:
        store.close()
