"""OPML variants in and out, and WARC archives read as streams."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.errors import SourceError
from newsdesk.ingest.files import read_local
from newsdesk.ingest.opml import OpmlImport, opml_text, parse_opml
from newsdesk.ingest.warc import read_warc
from newsdesk.models import RawDocument, Rejected, Source, SourceKind

OPML = Path(__file__).parent.parent / "fixtures" / "ingest" / "opml"


def test_feedly_export_with_categories_and_a_duplicate() -> None:
    parsed = parse_opml((OPML / "feedly.opml").read_bytes())
    assert isinstance(parsed, OpmlImport)
    assert [(s.url, s.name) for s in parsed.sources] == [
        ("https://auto.example.org/rss20.xml", "Loopback Auto News"),
        ("https://atom.example.org/atom.xml", "Atom Desk"),
        ("https://json.example.org/feed.json", "JSON Bulletin"),
    ]
    assert all(s.kind is SourceKind.FEED for s in parsed.sources)


def test_lowercase_attributes_no_head_and_outlines_without_feeds() -> None:
    parsed = parse_opml((OPML / "lowercase-no-head.opml").read_bytes())
    assert isinstance(parsed, OpmlImport)
    assert [s.url for s in parsed.sources] == [
        "http://classic.example.net/rss091.xml",
        "https://wire.example.net/rss10.rdf",
    ]
    assert parsed.sources[1].name == "Wire"
    assert parsed.skipped == 2  # the blog without a feed and the ftp URL


def test_latin1_file_with_stray_entity_cut_short() -> None:
    parsed = parse_opml((OPML / "broken-latin1.opml").read_bytes())
    assert isinstance(parsed, OpmlImport)
    assert [(s.url, s.name) for s in parsed.sources][:2] == [
        ("https://cafe.example.com/feed?format=rss&lang=fr", "Café News"),
        ("https://second.example.com/atom.xml", "Second"),
    ]


def test_export_and_import_round_trip_every_remote_kind() -> None:
    # Local kinds are exported too, but never imported (test_ingest_bad_input).
    sources = [
        Source("https://a.example/feed.xml", SourceKind.FEED, "A & B <news>"),
        Source("https://a.example/sitemap.xml", SourceKind.SITEMAP, "Sitemap"),
        Source("https://a.example/", SourceKind.FRONT_PAGE, ""),
        Source("https://a.example/one-story.html", SourceKind.PAGE, "A story"),
    ]
    back = parse_opml(opml_text(sources).encode("utf-8"))
    assert isinstance(back, OpmlImport)
    assert [(s.url, s.kind) for s in back.sources] == [(s.url, s.kind) for s in sources]
    assert back.sources[0].name == "A & B <news>"
    assert back.sources[2].name == "https://a.example/"


def test_not_opml() -> None:
    assert parse_opml(b"<rss/>") == Rejected("not_opml", "no <opml> root element")
    assert isinstance(parse_opml(b""), Rejected)


def write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> None:
    """A WARC.gz with a request and a response record per (url, content type, body)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in records:
            asked = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.ex")], is_http_request=True)
            served = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            for kind, payload, headers in (("request", b"", asked), ("response", body, served)):
                record = writer.create_warc_record(
                    url,
                    kind,
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    http_headers=headers,
                )
                writer.write_record(record)
                record.raw_stream.close()  # warcio may buffer a payload in a temporary file


def test_warc_yields_html_responses_only(tmp_path: Path) -> None:
    page = gzip.decompress((OPML.parent / "pages" / "aeb-06ee193d.html.gz").read_bytes())
    archive = tmp_path / "news.warc.gz"
    write_warc(
        archive,
        [
            ("https://www.slashgear.com/vw", "text/html; charset=UTF-8", page),
            ("https://www.slashgear.com/logo.png", "image/png", b"\x89PNG...."),
            ("https://www.slashgear.com/two", "text/html", b"<html><p>Two</p></html>"),
        ],
    )
    source = Source(str(archive), SourceKind.WARC, id=None)
    items = list(read_local(source))
    assert all(isinstance(i, RawDocument) for i in items)
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.url for d in docs] == [
        "https://www.slashgear.com/vw",
        "https://www.slashgear.com/two",
    ]
    assert docs[0].body == page and docs[0].status == 200
    assert docs[0].content_type == "text/html; charset=UTF-8"


def test_a_warc_cut_short_or_followed_by_junk_keeps_the_records_before(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    starts = []
    for n in range(3):
        body = b"<p>%d</p>" % n
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        starts.append(buffer.tell())
        writer.write_record(
            writer.create_warc_record(
                f"https://a.example/{n}", "response", payload=io.BytesIO(body),
                length=len(body), http_headers=headers,
            )
        )  # fmt: skip
    data = buffer.getvalue()
    for name, broken in (
        ("cut.warc", data[: starts[2] + 60]),
        ("junk.warc", data[: starts[2]] + b"this is not a WARC record\r\n\r\n"),
    ):
        archive = tmp_path / name
        archive.write_bytes(broken)
        items = list(read_warc(Source(str(archive), SourceKind.WARC)))
        assert [i.url for i in items if isinstance(i, RawDocument)] == [
            "https://a.example/0",
            "https://a.example/1",
        ]
        assert [i[1].reason for i in items if isinstance(i, tuple)] == ["unreadable"]


def test_missing_warc_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        list(read_warc(Source(str(tmp_path / "nope.warc.gz"), SourceKind.WARC)))
