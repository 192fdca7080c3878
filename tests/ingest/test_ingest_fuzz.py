"""Mutated real inputs into every parser: no exception escapes any parser's contract.

Random bytes rarely get past a parser's first check, so each parser is also fed its own
kind of document (the fixture feeds, sitemaps, OPML files, a JSONL dump, a WARC file, an
article page) with a few bytes inserted, removed, replaced or repeated, the inserted ones
drawn mostly from URL and markup syntax (``[``, ``]``, ``%``, ``<``, ``&``, bad UTF-8),
often right inside a URL's host.
Issue 19's fuzzing this way found 1,011 escapes in 854,052 inputs (feeds, OPML, the
extractor); each parser must answer a value or a Rejected with one of its own reasons.

The default run tries each parser a few seconds; ``-m slow`` runs the long version.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.extract import extract
from newsdesk.ingest.feeds import FEED_REJECTIONS, Feed, parse_feed
from newsdesk.ingest.files import JSONL_REJECTIONS, read_jsonl
from newsdesk.ingest.opml import OpmlImport, parse_opml
from newsdesk.ingest.page import discover_feeds, looks_like_article, page_title
from newsdesk.ingest.sitemaps import SITEMAP_REJECTIONS, Sitemap, parse_sitemap
from newsdesk.ingest.warc import WARC_REJECTIONS, read_warc
from newsdesk.models import Article, RawDocument, Rejected, Source, SourceKind

DATA = Path(__file__).parent.parent / "fixtures" / "ingest"
BASE = "https://news.example.org"
SYNTAX = b"[]<>&\"':/%\\{}#?@=; \n\t\x00\x80\xc3\xe2\xfe\xff"


def fixture(folder: str, name: str) -> bytes:
    text = (DATA / folder / name).read_text(encoding="utf-8")
    return text.replace("{base}", BASE).replace("{recent}", "2025-01-24T10:00:00Z").encode()


def warc_seed() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n in range(2):
        served = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        page = f"<html><body><article><p>Story {n} text.</p></article></body></html>".encode()
        record = writer.create_warc_record(
            f"{BASE}/story-{n}.html",
            "response",
            payload=io.BytesIO(page),
            length=len(page),
            http_headers=served,
        )
        writer.write_record(record)
    return out.getvalue()


SAMPLE = resources.files("newsdesk") / "sample" / "articles.jsonl"
SAMPLE_LINES = SAMPLE.read_text(encoding="utf-8").splitlines()[:3]
PAGE = (
    '<html lang="en"><head><meta charset="utf-8"><title>Council passes budget</title>'
    f'<base href="{BASE}/"><link rel="canonical" href="{BASE}/a/1">'
    '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    f'<meta property="og:url" content="{BASE}/a/1"><meta property="og:type" content="article">'
    '<meta property="og:site_name" content="News"><meta name="date" content="2025-01-24">'
    "</head><body><article><h1>Council passes budget</h1><p class=byline>By A. Writer</p>"
    + "".join(
        f"<p>The council passed budget item {n} on Monday after {n + 2} hours of debate in "
        f"the chamber, and the mayor said item {n} would be paid for by the new tax.</p>"
        for n in range(6)
    )
    + "</article></body></html>"
).encode()

SEEDS: dict[str, list[bytes]] = {
    "feeds": [
        fixture("feeds", name)
        for name in ("rss20.xml", "rss10.rdf", "rss091.xml", "atom.xml", "feed.json")
    ],
    "sitemaps": [
        fixture("feeds", name)
        for name in ("sitemap-index.xml", "sitemap-news.xml", "sitemap-pages.xml")
    ]
    + [gzip.compress(fixture("feeds", "sitemap-pages.xml"))],
    "opml": [fixture("opml", name) for name in ("feedly.opml", "lowercase-no-head.opml")]
    + [(DATA / "opml" / "broken-latin1.opml").read_bytes()],
    "jsonl": ["\n".join(SAMPLE_LINES).encode()],
    "warc": [warc_seed()],
    "pages": [PAGE, fixture("feeds", "front.html")],
}


def mutate(seed: bytes, edits: list[tuple[int, int, bytes, int]]) -> bytes:
    data = bytearray(seed)
    for where, how, chunk, span in edits:
        at = where % (len(data) + 1)
        if how == 4:  # into the host or path of one of the document's URLs
            starts = [n + 3 for n in range(len(data)) if data[n : n + 3] == b"://"]
            at = (starts[where % len(starts)] + span % 24) if starts else at
            how = 0
        if how == 0:
            data[at:at] = chunk
        elif how == 1:
            del data[at : at + span]
        elif how == 2:
            data[at : at + len(chunk)] = chunk
        else:
            data[at:at] = data[max(0, at - span) : at]
    return bytes(data)


def mutated(kind: str) -> st.SearchStrategy[bytes]:
    chunk = st.lists(st.sampled_from(list(SYNTAX)), min_size=1, max_size=3).map(bytes)
    edit = st.tuples(
        st.integers(0, 1 << 20),
        st.integers(0, 4),
        chunk | st.binary(min_size=1, max_size=3),
        st.integers(1, 40),
    )
    return st.builds(mutate, st.sampled_from(SEEDS[kind]), st.lists(edit, min_size=1, max_size=8))


def raw(url: str, body: bytes, content_type: str) -> RawDocument:
    return RawDocument(
        key=url,
        url=url,
        final_url=url,
        status=200,
        headers={},
        body=body,
        fetched_at=datetime(2025, 1, 24, tzinfo=UTC),
        content_type=content_type,
    )


def fetchable(url: str) -> bool:
    """An absolute http(s) URL with a host (schemes are case-insensitive: ``httPs://``)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def feeds_keep_their_contract(body: bytes) -> None:
    result = parse_feed(body, f"{BASE}/feed.xml", "application/rss+xml")
    assert isinstance(result, Feed | Rejected)
    if isinstance(result, Rejected):
        assert result.reason in FEED_REJECTIONS
    else:
        assert all(fetchable(item.url) for item in result.items)


def sitemaps_keep_their_contract(body: bytes) -> None:
    result = parse_sitemap(body, f"{BASE}/sitemap.xml", max_bytes=200_000)
    assert isinstance(result, Sitemap | Rejected)
    if isinstance(result, Rejected):
        assert result.reason in SITEMAP_REJECTIONS
    else:
        assert all(fetchable(item.url) for item in result.items)


def opml_keeps_its_contract(body: bytes) -> None:
    result = parse_opml(body)
    assert isinstance(result, OpmlImport | Rejected)
    if isinstance(result, OpmlImport):
        assert all(fetchable(s.url) for s in result.sources)


def read_file(body: bytes, name: str, reader: Callable[[Source], object]) -> list[object]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(body)
        kind = SourceKind.JSONL if name.endswith(".jsonl") else SourceKind.WARC
        return list(reader(Source(str(path), kind)))  # type: ignore[call-overload]


def jsonl_keeps_its_contract(body: bytes) -> None:
    for item in read_file(body, "fuzz.jsonl", read_jsonl):
        if isinstance(item, tuple):
            where, rejected = item
            assert where.startswith("fuzz.jsonl") and rejected.reason in JSONL_REJECTIONS
        else:
            assert isinstance(item, RawDocument)
            assert isinstance(extract(item), Article | Rejected)


def warc_keeps_its_contract(body: bytes) -> None:
    for item in read_file(body, "fuzz.warc", read_warc):
        if isinstance(item, tuple):
            where, rejected = item
            assert where.startswith("fuzz.warc#") and rejected.reason in WARC_REJECTIONS
        else:
            assert isinstance(item, RawDocument)


def pages_keep_their_contract(body: bytes) -> None:
    assert all(fetchable(f) for f in discover_feeds(body, BASE + "/"))
    assert isinstance(looks_like_article(body), bool)
    assert isinstance(page_title(body), str)
    # Its first (mutated) link as its URL too: hosts urllib cannot read reach extract() so.
    found = re.search(rb"https?://[^\"'\s>]*", body)
    for url in (f"{BASE}/a/1", found.group().decode("latin-1") if found else ""):
        assert isinstance(extract(raw(url, body, "text/html")), Article | Rejected)


CONTRACTS: dict[str, Callable[[bytes], None]] = {
    "feeds": feeds_keep_their_contract,
    "sitemaps": sitemaps_keep_their_contract,
    "opml": opml_keeps_its_contract,
    "jsonl": jsonl_keeps_its_contract,
    "warc": warc_keeps_its_contract,
    "pages": pages_keep_their_contract,
}
QUICK = {"feeds": 600, "sitemaps": 800, "opml": 800, "jsonl": 600, "warc": 300, "pages": 150}


def fuzz(kind: str, examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(kind))
    def check(body: bytes) -> None:
        CONTRACTS[kind](body)

    check()


@pytest.mark.parametrize("kind", CONTRACTS)
def test_mutated_inputs_keep_each_parser_to_its_contract(kind: str) -> None:
    fuzz(kind, QUICK[kind])


@pytest.mark.slow
@pytest.mark.parametrize("kind", CONTRACTS)
def test_mutated_inputs_keep_each_parser_to_its_contract_at_length(kind: str) -> None:
    fuzz(kind, QUICK[kind] * 40)


def test_the_seeds_are_what_each_parser_reads() -> None:
    # Mutations of valid documents: the seeds themselves parse.
    assert all(isinstance(parse_feed(s, BASE), Feed) for s in SEEDS["feeds"])
    assert all(isinstance(parse_sitemap(s, BASE), Sitemap) for s in SEEDS["sitemaps"])
    assert all(isinstance(parse_opml(s), OpmlImport) for s in SEEDS["opml"])
    assert all(
        isinstance(i, RawDocument) for i in read_file(SEEDS["jsonl"][0], "s.jsonl", read_jsonl)
    )
    assert len(read_file(SEEDS["warc"][0], "s.warc", read_warc)) == 2
    assert isinstance(extract(raw(f"{BASE}/a/1", PAGE, "text/html")), Article)
    assert json.loads(SAMPLE_LINES[0])["url"]
