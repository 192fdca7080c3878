"""OPML import and export of the source list.

Import is tolerant of the variants found in the wild: attribute names in any case
(``xmlUrl``, ``xmlurl``), feeds nested in category outlines, ``title`` or ``text``,
missing ``type``, a missing ``<head>``, stray HTML entities, and files that are cut short
(lxml's recovering parser keeps what it could read). Entities are never expanded.
Export writes OPML 2.0; a source that is not a feed carries its kind in a
``newsdeskKind`` attribute, which import reads back for the kinds read over http(s).
Local sources (folders, JSONL dumps, WARC files) are exported but never imported: an
OPML file comes from elsewhere, and must not make newsdesk read this machine's files.
A rated source carries its outlet's leaning in ``newsdeskLeaning`` (import also reads a
plain ``leaning`` or ``bias``; an unknown value leaves the source unrated).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from lxml import etree

from newsdesk.ingest.feeds import http_url
from newsdesk.ingest.safexml import local_name, parse_xml
from newsdesk.models import Leaning, Rejected, Source, SourceKind
from newsdesk.ratings import RatingsError, parse_leaning

OPML_REJECTIONS = ("not_opml",)
LOCAL_KINDS = frozenset({SourceKind.FOLDER, SourceKind.JSONL, SourceKind.WARC})
KIND_ATTRIBUTE = "newsdeskkind"
LEANING_ATTRIBUTES = ("newsdeskleaning", "leaning", "bias")


@dataclass(frozen=True, slots=True)
class OpmlImport:
    """The sources an OPML file lists, and the outlines that did not become sources."""

    sources: tuple[Source, ...]
    skipped: int = 0  # outlines without a feed (no URL, or not an http(s) one)
    refused: tuple[Rejected, ...] = ()  # outlines naming what OPML may not add, with why


def _attributes(outline: etree._Element) -> dict[str, str]:
    return {str(k).lower(): str(v).strip() for k, v in outline.attrib.items()}


def _outline(attrs: dict[str, str]) -> Source | Rejected | None:
    """The source an outline names; Rejected when it may not be added; None: no feed."""
    kind_name = attrs.get(KIND_ATTRIBUTE, "")
    url = attrs.get("xmlurl", "")
    if not url and kind_name:
        url = attrs.get("url") or attrs.get("htmlurl", "")
    if not url:
        return None
    try:
        kind = SourceKind(kind_name) if kind_name else SourceKind.FEED
    except ValueError:
        return Rejected("unknown_kind", f"{url}: kind {kind_name!r}"[:300])
    if kind in LOCAL_KINDS:
        # A file someone sends is not trusted to point newsdesk at this machine's files.
        return Rejected(
            "local_source",
            f"{url}: {kind.value} sources come only from the config or `sources add`"[:300],
        )
    malformed = Rejected("bad_url", f"{url}: not a URL that can be fetched"[:300])
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return malformed
    if scheme not in ("http", "https"):
        return None
    if not http_url(url, ""):
        return malformed
    name = attrs.get("title") or attrs.get("text", "")
    return Source(url=url, kind=kind, name=name, leaning=_leaning(attrs))


def parse_opml(body: bytes) -> OpmlImport | Rejected:
    """Read the sources of an OPML file; Rejected("not_opml") when it is not one.

    Only sources read over http(s) are imported; an outline naming a local file (a
    folder, JSONL or WARC source) or a malformed URL is refused, and the rest is kept.
    """
    try:
        root = parse_xml(body, recover=True)
    except (etree.XMLSyntaxError, ValueError) as exc:
        return Rejected("not_opml", str(exc)[:200])
    if root is None or local_name(root) != "opml":
        return Rejected("not_opml", "no <opml> root element")
    sources: list[Source] = []
    refused: list[Rejected] = []
    seen: set[str] = set()
    skipped = 0
    for outline in root.iter():
        if local_name(outline) != "outline":
            continue
        try:
            found = _outline(_attributes(outline))
        except ValueError as exc:  # lxml's UnicodeDecodeError on bytes it recovered
            found = Rejected("bad_outline", f"{type(exc).__name__}: {exc}"[:300])
        if found is None:
            if not len(outline):  # a category with children is not a skipped source
                skipped += 1
        elif isinstance(found, Rejected):
            refused.append(found)
        elif found.url not in seen:
            seen.add(found.url)
            sources.append(found)
    return OpmlImport(tuple(sources), skipped, tuple(refused))


def _leaning(attrs: dict[str, str]) -> Leaning | None:
    for name in LEANING_ATTRIBUTES:
        if attrs.get(name):
            try:
                return parse_leaning(attrs[name])
            except RatingsError:
                return None
    return None


def opml_text(sources: Sequence[Source], title: str = "newsdesk sources") -> str:
    """The sources as an OPML 2.0 document."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(title)}</title>",
        f"    <dateCreated>{format_datetime(datetime.now(UTC))}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for source in sources:
        name = quoteattr(source.name or source.url)
        rated = f" newsdeskLeaning={quoteattr(source.leaning.value)}" if source.leaning else ""
        if source.kind is SourceKind.FEED:
            lines.append(
                f'    <outline type="rss" text={name} title={name} xmlUrl={quoteattr(source.url)}'
                f"{rated}/>"
            )
        else:
            lines.append(
                f'    <outline type="link" text={name} title={name} url={quoteattr(source.url)} '
                f"newsdeskKind={quoteattr(source.kind.value)}{rated}/>"
            )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
