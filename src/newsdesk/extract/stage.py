"""The extract stage's entry point: ``extract(raw, options) -> Article | Rejected``.

Reads the document by its type (HTML, a JSONL-dump record, plain text), cleans the body
(``lines``), and decides whether it is an article at all.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from newsdesk.classify.kind import classify_article
from newsdesk.extract.body import Fields, html_fields
from newsdesk.extract.boilerplate import OutletBoilerplate
from newsdesk.extract.lines import (
    PAYWALL,
    clean_paragraphs,
    drop_repeated_copy,
    strip_promo_lines,
    strip_trailing_blocks,
)
from newsdesk.extract.metadata import (
    clean_authors,
    guess_language,
    parse_date,
    publication_date,
    split_authors,
)
from newsdesk.extract.options import ExtractOptions
from newsdesk.models import Article, RawDocument, Rejected
from newsdesk.text import decode
from newsdesk.text.urls import host_of

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------- reading

_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
    b"\x00\x00\x00",
    b"ID3",
    b"OggS",
    b"fLaC",
    b"\x7fELF",
    b"BM",
)


def _header(headers: dict[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def _is_binary(body: bytes) -> bool:
    head = body[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in head:
        # UTF-16 with a BOM is text; anything else with NUL bytes is not.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    return False


def _text_fields(text: str, title: str) -> Fields:
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    paragraphs = [line for line in lines if line]
    if (
        not title
        and paragraphs
        and len(paragraphs[0].split()) <= 20
        and not paragraphs[0].endswith((".", "!", "?"))
    ):
        title = paragraphs.pop(0)
    return Fields(title=title, paragraphs=tuple(paragraphs))


def _as_str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _json_fields(
    body: bytes, headers: dict[str, str], options: ExtractOptions
) -> Fields | Rejected:
    try:
        record = json.loads(decode(body, _header(headers, "content-type")))
    except (json.JSONDecodeError, ValueError):
        return Rejected("not_article", "not a JSON object")
    if not isinstance(record, dict):
        return Rejected("not_article", "not a JSON object")
    url = _as_str(record.get("url"))
    title = _as_str(record.get("title"))
    fields: Fields | Rejected
    if _as_str(record.get("html")):
        fields = html_fields(record["html"], url, options)
        if isinstance(fields, Rejected):
            return fields
    else:
        fields = _text_fields(_as_str(record.get("text")), title)
    authors = record.get("authors") or record.get("author")
    names = (
        tuple(str(a) for a in authors)
        if isinstance(authors, list)
        else split_authors(authors)
        if isinstance(authors, str)
        else fields.authors
    )
    date = parse_date(_as_str(record.get("published")) or _as_str(record.get("date")))
    return Fields(
        title=title or fields.title,
        paragraphs=fields.paragraphs,
        authors=names or fields.authors,
        published=date or fields.published,
        updated=fields.updated,
        site_name=_as_str(record.get("site_name"))
        or _as_str(record.get("outlet"))
        or fields.site_name,
        url=fields.url or url,
        lang_hint=_as_str(record.get("language")) or fields.lang_hint,
        og_type=fields.og_type,
        summary=_as_str(record.get("summary")),
        # A dump record keeps the page's article:section as "section", when it has one.
        section=_as_str(record.get("section")) or fields.section,
        ld_types=fields.ld_types,
    )


def _not_article(fields: Fields, words: int) -> str:
    if fields.og_type.startswith("video") and words < 150:
        return "video page"
    text = " ".join(fields.paragraphs)
    if words < 200 and PAYWALL.search(text):
        return "paywall stub"
    if len(fields.paragraphs) >= 12:
        short = sum(len(p.split()) <= 6 for p in fields.paragraphs)
        if short / len(fields.paragraphs) > 0.7:
            return "index page: mostly short link lines"
    return ""


def extract(
    raw: RawDocument,
    options: ExtractOptions | None = None,
    boilerplate: OutletBoilerplate | None = None,
) -> Article | Rejected:
    """Turn one raw document into an article, or say why it is not one.

    Args:
        raw: the document as fetched (HTML, a JSONL-dump record as JSON, or plain text).
        options: thresholds and switches; defaults when None.
        boilerplate: learnt outlet boilerplate to remove (not updated here: the caller
            observes the accepted article).

    Returns:
        The ``Article`` (its ``kind`` classified from the page's signals: ``article:section``,
        JSON-LD ``@type``, URL, title, byline, the text), or ``Rejected`` with a reason:
        ``empty``, ``binary``, ``not_html``, ``too_short``, ``not_article`` or
        ``wrong_language``.
    """
    options = options or ExtractOptions()
    body = raw.body
    if not body or not body.strip():
        return Rejected("empty", "no content")
    if _is_binary(body):
        return Rejected("binary", "binary content")
    ctype = (raw.content_type or _header(raw.headers, "content-type") or "text/html").lower()
    url = raw.final_url or raw.url
    fields: Fields | Rejected
    if "json" in ctype:
        fields = _json_fields(body, raw.headers, options)
    elif "html" in ctype or "xml" in ctype:
        text = decode(body, _header(raw.headers, "content-type"))
        if "<" not in text[:5000] and "<" not in text:
            return Rejected("not_html", "no markup in an HTML document")
        fields = html_fields(text, url, options)
    elif ctype.startswith("text/plain"):
        fields = _text_fields(
            decode(body, _header(raw.headers, "content-type")), raw.feed_title.strip()
        )
    else:
        return Rejected("not_html", f"unsupported content type {ctype}")
    if isinstance(fields, Rejected):
        return fields
    site = fields.site_name or host_of(fields.url or url)
    title_line = fields.title if options.drop_title_line else ""
    paragraphs = clean_paragraphs(fields.paragraphs, title_line)
    if options.strip_trailing:
        paragraphs = strip_trailing_blocks(strip_promo_lines(paragraphs))
    paragraphs = drop_repeated_copy(paragraphs)
    if boilerplate is not None:
        paragraphs = boilerplate.strip(site, paragraphs)
    words = sum(len(p.split()) for p in paragraphs)
    if words == 0 and options.min_words > 0:
        return Rejected("too_short", "no body text found")
    # Before the length check: a paywall stub's teaser is short, and "paywall stub" says why.
    if options.reject_non_articles and (why := _not_article(fields, words)):
        return Rejected("not_article", why)
    if words < options.min_words:
        return Rejected("too_short", f"{words} words < {options.min_words}")
    language = guess_language(" ".join(paragraphs), fields.lang_hint)
    if options.languages and language and language not in options.languages:
        return Rejected("wrong_language", f"{language} not in {','.join(options.languages)}")
    article = Article(
        url=fields.url or url,
        title=fields.title or raw.feed_title.strip(),
        paragraphs=paragraphs,
        published_at=publication_date(fields.published, raw.feed_published, raw.fetched_at),
        updated_at=fields.updated,
        authors=clean_authors(fields.authors, site),
        site_name=fields.site_name or host_of(fields.url or url),
        language=language,
        summary=raw.feed_summary.strip() or fields.summary,
        raw_id=raw.id,
        source_id=raw.source_id,
    )
    verdict = classify_article(
        article, section=fields.section, ld_types=fields.ld_types, categories=raw.feed_categories
    )
    return replace(article, kind=verdict.kind)


def extract_safely(raw: RawDocument, options: ExtractOptions) -> Article | Rejected:
    """``extract``, where a crash on one page is that page's rejection, not the run's.

    A pure function of its inputs: the backfill runs it on its engine.
    """
    try:
        return extract(raw, options)
    except Exception as exc:  # a bug on one page must not stop the run
        log.exception("%s: extraction failed", raw.url)
        return Rejected("extract_error", f"{type(exc).__name__}: {exc}")
