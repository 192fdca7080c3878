"""Sitemaps, sitemap indexes and Google News sitemaps, read within a date window.

A sitemap lists page URLs, with a ``lastmod`` date and, in a Google News sitemap, a
title and a publication date. Only pages dated inside the window are kept (undated ones
too, up to the item limit), so that reading a news site's sitemap every few minutes does
not walk its whole archive. Gzipped sitemaps are decompressed within the size limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from newsdesk.ingest.feeds import FeedItem, http_url, plain_text
from newsdesk.ingest.limits import BodyTooLarge, CorruptEncoding, gunzip
from newsdesk.ingest.safexml import local_name, parse_xml
from newsdesk.models import Rejected

SITEMAP_REJECTIONS = ("not_a_sitemap", "bad_xml", "too_large", "bad_encoding")
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: its pages as feed items, or the child sitemaps of an index."""

    items: tuple[FeedItem, ...] = ()
    children: tuple[str, ...] = ()
    too_old: int = 0  # dated before the window
    over_limit: int = 0


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    value = text.strip().replace("Z", "+00:00")
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _child_text(element: etree._Element, *path: str) -> str:
    """Text of the first descendant along ``path`` (local names), or ''."""
    current = [element]
    for name in path:
        current = [c for parent in current for c in parent if local_name(c) == name]
        if not current:
            return ""
    return (current[0].text or "").strip()


def parse_sitemap(
    body: bytes,
    url: str,
    since: datetime | None = None,
    max_items: int = 200,
    max_bytes: int = 50_000_000,
) -> Sitemap | Rejected:
    """Parse a sitemap, a sitemap index or a Google News sitemap.

    Args:
        body: the response body, gzipped or not.
        url: the sitemap's URL (for messages).
        since: pages and child sitemaps dated before this are left out.
        max_items: most pages kept.
        max_bytes: largest size once decompressed.

    Returns:
        The Sitemap, or Rejected("not_a_sitemap" | "bad_xml" | "too_large" | "bad_encoding").
    """
    if body.startswith(GZIP_MAGIC):
        try:
            body = gunzip(body, max_bytes)
        except BodyTooLarge:
            return Rejected("too_large", f"{url}: over {max_bytes} bytes decompressed")
        except CorruptEncoding as exc:
            return Rejected("bad_encoding", f"{url}: {exc}")
    try:
        root = parse_xml(body)
    except (etree.XMLSyntaxError, ValueError) as exc:
        return Rejected("bad_xml", str(exc)[:200])
    if root is None:
        return Rejected("not_a_sitemap", "no XML root element")
    kind = local_name(root)
    if kind == "sitemapindex":
        children, too_old = [], 0
        for entry in root:
            if local_name(entry) != "sitemap":
                continue
            if not (loc := http_url(_child_text(entry, "loc"), url)):
                continue
            modified = _date(_child_text(entry, "lastmod"))
            if since is not None and modified is not None and modified < since:
                too_old += 1
                continue
            children.append(loc)
        return Sitemap(children=tuple(children), too_old=too_old)
    if kind != "urlset":
        return Rejected("not_a_sitemap", f"root element is <{kind}>")
    items, too_old = [], 0
    for entry in root:
        if local_name(entry) != "url":
            continue
        if not (loc := http_url(_child_text(entry, "loc"), url)):
            continue  # no location, or one that cannot be fetched (javascript:, malformed)
        published = _date(_child_text(entry, "news", "publication_date"))
        dated = published or _date(_child_text(entry, "lastmod"))
        if since is not None and dated is not None and dated < since:
            too_old += 1
            continue
        title = plain_text(_child_text(entry, "news", "title"))
        items.append(FeedItem(key=loc, url=loc, title=title, published=published))
    return Sitemap(
        items=tuple(items[:max_items]), too_old=too_old, over_limit=max(0, len(items) - max_items)
    )
