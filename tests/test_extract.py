"""The extract stage on real pages: golden fields, records, rejections, publication dates.
What is not article text (boilerplate, page furniture): test_extract_boilerplate.py."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract_pages import FIXTURES, article, raw
from newsdesk.extract import (
    ExtractOptions,
    extract,
)
from newsdesk.models import Article, ArticleKind, Rejected
from newsdesk.text import strip_outlet_name

GOLDEN = FIXTURES / "extract"


GOLDEN_CASES = sorted(p for p in GOLDEN.glob("*.json") if p.name != "floors.json")


@pytest.mark.parametrize("case", GOLDEN_CASES, ids=[c.stem for c in GOLDEN_CASES])
def test_golden_page(case: Path) -> None:
    want = json.loads(case.read_text(encoding="utf-8"))
    body = gzip.decompress((GOLDEN / want["file"]).read_bytes())
    feed_date = want.get("feed_published")
    feed_published = datetime.fromisoformat(feed_date) if feed_date else None
    got = article(extract(raw(body, url=want["fetched_url"], feed_published=feed_published)))
    assert got.title == want["title"]
    assert got.url == want["url"]
    assert list(got.authors) == want["authors"]
    published = got.published_at.date().isoformat() if got.published_at else None
    assert published == want["published"]
    assert got.site_name == want["site_name"]
    assert got.language == want["language"]
    assert got.paragraphs[0].startswith(want["first_paragraph_starts"])
    if want["last_paragraph"] is not None:
        assert got.paragraphs[-1] == want["last_paragraph"]
    for snippet in want["must_contain"]:
        assert snippet in got.text
    for snippet in want["must_not_contain"]:
        assert snippet not in got.text


def test_golden_cases_exist() -> None:
    assert len(GOLDEN_CASES) >= 4


def test_raw_article_as_plain_text_loses_its_sign_off() -> None:
    text = (FIXTURES / "write" / "rco-news-raw-article.txt").read_bytes()
    got = article(extract(raw(text, content_type="text/plain; charset=utf-8")))
    assert got.title == (
        "Mexico opposes the landing of the American plane carrying deported immigrants"
    )
    assert got.paragraphs[-1].startswith("But a US official said it was the first time")
    assert "RCO" not in got.text and "end of message" not in got.text


def test_jsonl_record_with_text() -> None:
    record = {
        "url": "https://news.example/a/1",
        "title": "Rains flood the valley - Example News",
        "text": "First paragraph of the story, with enough words to be a paragraph.\n\n"
        "Second paragraph.\nThird line.",
        "published": "2025-03-04T10:00:00Z",
        "authors": ["Ann Lee", "Bo Kim"],
        "site_name": "Example News",
        "summary": "Floods.",
    }
    got = article(
        extract(
            raw(json.dumps(record).encode(), content_type="application/json"),
            ExtractOptions(min_words=5),
        )
    )
    assert got.title == "Rains flood the valley - Example News"
    assert got.paragraphs == (
        "First paragraph of the story, with enough words to be a paragraph.",
        "Second paragraph.",
        "Third line.",
    )
    assert got.authors == ("Ann Lee", "Bo Kim")
    assert got.published_at == datetime(2025, 3, 4, 10, tzinfo=UTC)
    assert got.site_name == "Example News"
    assert got.summary == "Floods."
    assert got.url == "https://news.example/a/1"


def test_jsonl_record_keeps_the_pages_section_for_its_kind() -> None:
    """A dump record's "section" is the page's article:section: a column is opinion."""
    text = (
        "The agency said the ban starts on Monday and covers every state in the country. "
        "Officials said it would be reviewed in a year, according to the statement."
    )
    record = {"url": "https://news.example/a/2", "title": "A ban starts", "text": text}
    options = ExtractOptions(min_words=5)
    plain = article(
        extract(raw(json.dumps(record).encode(), content_type="application/json"), options)
    )
    marked = {**record, "section": "Opinion"}
    got = article(
        extract(raw(json.dumps(marked).encode(), content_type="application/json"), options)
    )
    assert (plain.kind, got.kind) == (ArticleKind.NEWS, ArticleKind.OPINION)


def test_jsonl_record_with_html_and_feed_summary() -> None:
    body = gzip.decompress((GOLDEN / "rco-news-raw-article.html.gz").read_bytes())
    record = {"url": "https://rconews.example/n/9", "html": body.decode("utf-8")}
    doc = raw(
        json.dumps(record).encode(), content_type="application/json", feed_summary="Mexico said no."
    )
    got = article(extract(doc))
    assert got.title.startswith("Mexico opposes")
    assert got.summary == "Mexico said no."
    assert "RCO" not in got.text


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        (
            "Mexico opposes landing - Reuters",
            "",
            "https://www.reuters.com/x",
            "Mexico opposes landing",
        ),
        ("Storm hits coast | CNN", "CNN", "https://edition.cnn.com/x", "Storm hits coast"),
        ("BBC News - Markets fall", "BBC News", "https://www.bbc.co.uk/x", "Markets fall"),
        (
            "Q&A: what next - The Guardian",
            "The Guardian",
            "https://theguardian.com/x",
            "Q&A: what next",
        ),
        ("Left - right: a debate", "", "https://example.org/x", "Left - right: a debate"),
    ],
)
def test_strip_outlet_name(title: str, site: str, url: str, expected: str) -> None:
    assert strip_outlet_name(title, site, url) == expected


# ---------------------------------------------------------------------- rejections


def test_reject_empty() -> None:
    assert extract(raw(b"")) == Rejected("empty", "no content")
    assert isinstance(r := extract(raw(b"  \n ")), Rejected) and r.reason == "empty"


def test_reject_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    result = extract(raw(png))
    assert isinstance(result, Rejected) and result.reason == "binary"


def test_reject_not_html() -> None:
    result = extract(raw(b"just some words", content_type="application/octet-stream"))
    assert isinstance(result, Rejected) and result.reason == "not_html"
    result = extract(raw(b"plain words only, no markup at all", content_type="text/html"))
    assert isinstance(result, Rejected) and result.reason == "not_html"


def test_reject_too_short() -> None:
    page = b"<html><body><article><p>Only a few words here.</p></article></body></html>"
    result = extract(raw(page))
    assert isinstance(result, Rejected) and result.reason == "too_short"


def test_reject_paywall_stub() -> None:
    para = "<p>The council voted on Tuesday to approve the new budget for the city schools.</p>"
    page = (
        "<html><head><meta property='og:type' content='article'></head><body><article>"
        + para * 4
        + "<p>Subscribe now to continue reading this article.</p>"
        "</article></body></html>"
    ).encode()
    result = extract(raw(page), ExtractOptions(min_words=20))
    assert isinstance(result, Rejected) and result.reason == "not_article"


def test_reject_index_page() -> None:
    links = "".join(f"<p><a href='/n/{i}'>Headline number {i} today</a></p>" for i in range(40))
    page = f"<html><body><main>{links}</main></body></html>".encode()
    result = extract(raw(page), ExtractOptions(min_words=20))
    assert isinstance(result, Rejected)
    assert result.reason in {"not_article", "too_short"}


def test_reject_wrong_language() -> None:
    body = gzip.decompress((GOLDEN / "trafilatura-eval-bayrische-bembel.html.gz").read_bytes())
    doc = raw(body, url="http://bayrische-bembel.de/bbr/modules/news/article.php?storyid=504")
    result = extract(doc, ExtractOptions(min_words=10, languages=("en",)))
    assert isinstance(result, Rejected) and result.reason == "wrong_language"
    assert article(extract(doc, ExtractOptions(min_words=10, languages=("de",)))).language == "de"


def test_bad_bytes_and_wrong_charset_do_not_crash() -> None:
    page = (
        "<html><head><meta charset='utf-8'></head><body><article><p>"
        + "Zürich café naïve " * 30
        + "</p></article></body></html>"
    ).encode("latin-1")
    got = article(extract(raw(page, headers={"Content-Type": "text/html; charset=bogus-enc"})))
    assert "Z" in got.text


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_result(noise: bytes) -> None:
    result = extract(raw(b"<html><body><p>" + noise + b"</p></body></html>"))
    assert isinstance(result, Article | Rejected)


@pytest.mark.parametrize("declared", ["0001-01-01T00:00:00Z", "1850-06-01", "2026-03-01"])
def test_impossible_publication_dates_are_dropped(declared: str) -> None:
    text = " ".join(f"Word{i} of a long enough article body." for i in range(30))
    page = (
        '<html><head><title>T</title><script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "datePublished": "{declared}"}}</script></head>'
        f"<body><article><p>{text}</p></article></body></html>"
    )
    got = article(extract(raw(page.encode()), ExtractOptions(min_words=10)))
    assert got.published_at is None  # before 1900, or after the fetch (NOW is 2026-01-01)


def _dated_page(ld: str, head: str = "") -> bytes:
    text = " ".join(f"Word{i} of a long enough article body." for i in range(30))
    return (
        f'<html><head><title>T</title>{head}<script type="application/ld+json">'
        f'{{"@type": "NewsArticle", {ld}}}</script></head>'
        f"<body><article><p>{text}</p></article></body></html>"
    ).encode()


def published_on(ld: str, url: str = "https://example.org/news/1", head: str = "") -> str:
    """The publication day extracted from a page with this JSON-LD, URL and <head>."""
    got = article(extract(raw(_dated_page(ld, head), url=url), ExtractOptions(min_words=10)))
    assert got.published_at is not None
    return got.published_at.date().isoformat()


def test_declared_publication_beats_an_earlier_draft_date() -> None:
    # larepublica.pe (trafilatura-eval): the URL carries the draft's date, 2022/05/02;
    # the article was published on 2022-05-08, as its JSON-LD says.
    url = "https://larepublica.pe/datos-lr/respuestas/2022/05/02/cronograma-minedu-2022/"
    ld = '"datePublished": "2022-05-08T06:00:00-05:00", "dateModified": "2022-05-08T06:00:01-05:00"'
    assert published_on(ld, url) == "2022-05-08"
    # tagblatt.ch: a dateModified before datePublished is the draft's, though a <meta>
    # repeats it.
    ld = '"datePublished": "2019-10-19T03:00:00.000Z", "dateModified": "2019-10-18T20:00:25.850Z"'
    head = '<meta itemprop="datePublished" content="2019-10-18">'
    assert published_on(ld, head=head) == "2019-10-19"


def test_a_utc_stamp_a_day_later_is_the_same_local_day() -> None:
    # twincities.com: the URL's 2023/11/08 is the local date of 2023-11-09T05:30:59Z.
    url = "https://www.twincities.com/2023/11/08/st-louis-park-elects/"
    assert published_on('"datePublished": "2023-11-09T05:30:59Z"', url) == "2023-11-08"
    # Years apart is a republication, not a draft: the URL's date stays.
    url = "https://www.befifty.de/home/2017/7/12/unter-uns-montauk"
    assert published_on('"datePublished": "2019-06-17T10:00:00+02:00"', url) == "2017-07-12"
