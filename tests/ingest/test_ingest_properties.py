"""Arbitrary bytes into every parser: no exception escapes, bad input is a typed Rejected.

Each parser answers either a parsed value or a Rejected whose reason is one of the
reasons the parser declares, which is what the ingest stage counts in the run report.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.ingest.feeds import FEED_REJECTIONS, Feed, parse_feed, parse_json_feed
from newsdesk.ingest.limits import BodyTooLarge, CorruptEncoding, gunzip
from newsdesk.ingest.opml import OPML_REJECTIONS, OpmlImport, parse_opml
from newsdesk.ingest.page import discover_feeds, looks_like_article
from newsdesk.ingest.sitemaps import SITEMAP_REJECTIONS, Sitemap, parse_sitemap
from newsdesk.ingest.warc import WARC_REJECTIONS, read_warc
from newsdesk.models import RawDocument, Rejected, Source, SourceKind
from newsdesk.text import decode

# Arbitrary bytes, and bytes that start like the real thing so the parsers go deeper.
PREFIXES = [
    b"",
    b"<?xml version='1.0'?><rss version='2.0'><channel><item><link>",
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="',
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>',
    b"<sitemapindex><sitemap><loc>",
    b'<opml version="2.0"><body><outline xmlUrl="',
    b"\x1f\x8b\x08\x00",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n",
    b'<html><head><link rel="alternate" type="application/rss+xml" href="',
]
inputs = st.builds(lambda p, tail: p + tail, st.sampled_from(PREFIXES), st.binary(max_size=2000))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(inputs)
def test_feed_parsers(body: bytes) -> None:
    for result in (
        parse_feed(body, "https://a.example/f"),
        parse_json_feed(body, "https://a.example/f"),
    ):
        assert isinstance(result, Feed | Rejected)
        if isinstance(result, Rejected):
            assert result.reason in FEED_REJECTIONS
        else:
            assert all(i.url.startswith(("http://", "https://")) for i in result.items)


@SETTINGS
@given(inputs)
def test_sitemap_parser(body: bytes) -> None:
    result = parse_sitemap(body, "https://a.example/s.xml", max_bytes=100_000)
    assert isinstance(result, Sitemap | Rejected)
    if isinstance(result, Rejected):
        assert result.reason in SITEMAP_REJECTIONS


@SETTINGS
@given(inputs)
def test_opml_parser(body: bytes) -> None:
    result = parse_opml(body)
    assert isinstance(result, OpmlImport | Rejected)
    if isinstance(result, Rejected):
        assert result.reason in OPML_REJECTIONS


@SETTINGS
@given(inputs)
def test_html_discovery_and_charset(body: bytes) -> None:
    feeds = discover_feeds(body, "https://a.example/")
    assert all(f.startswith(("http://", "https://")) for f in feeds)
    assert isinstance(looks_like_article(body), bool)
    assert isinstance(decode(body, "text/html; charset=bogus-charset"), str)


@SETTINGS
@given(inputs)
def test_gunzip_is_bounded(body: bytes) -> None:
    with contextlib.suppress(BodyTooLarge, CorruptEncoding):
        assert len(gunzip(body, 10_000)) <= 10_000


@SETTINGS
@given(inputs)
def test_warc_reader(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.warc"
        path.write_bytes(body)
        for item in read_warc(Source(str(path), SourceKind.WARC)):
            if isinstance(item, tuple):
                where, rejected = item
                assert where.startswith("fuzz.warc#")
                assert rejected.reason in WARC_REJECTIONS
            else:
                assert isinstance(item, RawDocument)


def test_plain_junk_is_rejected_by_each_parser(tmp_path: Path) -> None:
    junk = b"\x00\xff not any format \x1b"
    assert parse_feed(junk, "https://a.example/f").reason == "not_a_feed"  # type: ignore[union-attr]
    assert isinstance(parse_json_feed(b"{", "u"), Rejected)
    assert parse_json_feed(b"{", "u").reason == "bad_json_feed"  # type: ignore[union-attr]
    assert parse_sitemap(junk, "u").reason == "bad_xml"  # type: ignore[union-attr]
    assert parse_opml(junk).reason == "not_opml"  # type: ignore[union-attr]
    path = tmp_path / "junk.warc"
    path.write_bytes(junk)
    [(where, rejected)] = list(read_warc(Source(str(path), SourceKind.WARC)))  # type: ignore[misc]
    assert rejected.reason == "bad_record" and where == "junk.warc#1"
