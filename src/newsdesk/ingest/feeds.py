"""Feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.0/1.1 with json.

A feed gives items (a link, a guid, a title, a summary, a date); the pages themselves are
fetched afterwards for their full text. Anything that is not a feed is a Rejected with a
reason, never an exception; a feed cut short keeps the items read before the break.
"""

from __future__ import annotations

import calendar
import html
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.exceptions import ThingsNobodyCaresAboutButMe

from newsdesk.models import Rejected
from newsdesk.text import decode

FEED_REJECTIONS = ("not_a_feed", "bad_json_feed")
MAX_SUMMARY_CHARS = 2000
MAX_CATEGORIES = 20  # per item; a category's name is cut at MAX_CATEGORY_CHARS
MAX_CATEGORY_CHARS = 100
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: where its page is and what the feed says about it."""

    key: str  # the guid (made unique per feed when it is not a URL) or the link
    url: str
    title: str = ""
    summary: str = ""
    published: datetime | None = None
    categories: tuple[str, ...] = ()  # RSS <category>, Atom <category>, JSON Feed tags


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its items (at most the limit), and what was left out and why."""

    title: str
    items: tuple[FeedItem, ...]
    partial: bool = False  # malformed after some items: those before the break are kept
    over_limit: int = 0  # items past max_items, left for the next run
    no_link: int = 0  # items without a usable http(s) link


def plain_text(fragment: str) -> str:
    """A summary as plain text: tags dropped, entities decoded, spaces collapsed."""
    text = html.unescape(_TAG.sub(" ", fragment))
    return _SPACE.sub(" ", text).strip()[:MAX_SUMMARY_CHARS]


def categories(values: Iterable[Any]) -> tuple[str, ...]:
    """An item's categories as plain text, each once, at most ``MAX_CATEGORIES``."""
    out: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and (text := plain_text(value)[:MAX_CATEGORY_CHARS]):
            out[text] = None
    return tuple(out)[:MAX_CATEGORIES]


def http_url(value: Any, base: str) -> str:
    """``value`` resolved against ``base`` when that gives an absolute http(s) URL, else ''.

    A malformed link (``http://[::1/a``, on which urllib raises) is '' like a missing one.
    """
    if not isinstance(value, str) or not value.strip():
        return ""
    try:
        url = urljoin(base, value.strip())
        parts = urlsplit(url)
        # .port raises on a port that is not a number, as urlsplit on a malformed host.
        fetchable = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        return ""
    return url if fetchable else ""


def item_key(guid: str, link: str, feed_url: str) -> str:
    """A stable identity: a URL-shaped guid as it is, another guid scoped to its feed."""
    guid = guid.strip()
    if not guid:
        return link
    try:
        scheme = urlsplit(guid).scheme
    except ValueError:  # a malformed URL-shaped guid is still a guid
        scheme = ""
    if scheme in ("http", "https", "urn", "tag"):
        return guid
    return f"{feed_url}#{guid}"


def looks_like_json(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def parse_feed(
    body: bytes, url: str, content_type: str = "", max_items: int = 200
) -> Feed | Rejected:
    """Parse any feed format from its bytes.

    Args:
        body: the response body.
        url: the feed's URL, to resolve relative links and to scope guids.
        content_type: the Content-Type header, for the charset.
        max_items: items past this many are counted in ``over_limit`` and left out.

    Returns:
        The Feed, or Rejected("not_a_feed" | "bad_json_feed").
    """
    if looks_like_json(body):
        return parse_json_feed(body, url, max_items)
    try:
        parsed = feedparser.parse(
            body,
            response_headers={"content-type": content_type or "application/xml"},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser has no error contract; any failure is "not a feed"
        return Rejected("not_a_feed", f"{type(exc).__name__}: {exc}"[:200])
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        reason = str(parsed.get("bozo_exception") or "no RSS, Atom or RDF root element")
        return Rejected("not_a_feed", reason[:200])
    base = str(parsed.get("href") or url)
    items, no_link = [], 0
    for entry in entries:
        link = http_url(entry.get("link"), url) or http_url(entry.get("id"), url)
        if not link:
            no_link += 1
            continue
        summary = entry.get("summary") or ""
        items.append(
            FeedItem(
                key=item_key(str(entry.get("id") or ""), link, base),
                url=link,
                title=plain_text(str(entry.get("title") or "")),
                summary=plain_text(str(summary)),
                published=_struct_time(
                    entry.get("published_parsed") or entry.get("updated_parsed")
                ),
                categories=categories(
                    t.get("term") or t.get("label") for t in entry.get("tags") or ()
                ),
            )
        )
    feed_info = parsed.get("feed") or {}
    return Feed(
        title=plain_text(str(feed_info.get("title") or "")),
        items=tuple(items[:max_items]),
        # Not well-formed (cut short, say), as opposed to what feedparser only notes (a
        # charset that was overridden, a wrong media type): every item was read then.
        partial=bool(entries)
        and bool(parsed.get("bozo"))
        and not isinstance(parsed.get("bozo_exception"), ThingsNobodyCaresAboutButMe),
        over_limit=max(0, len(items) - max_items),
        no_link=no_link,
    )


def _struct_time(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _iso_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def parse_json_feed(body: bytes, url: str, max_items: int = 200) -> Feed | Rejected:
    """Parse a JSON Feed (https://jsonfeed.org/version/1.1); feedparser cannot read them."""
    try:
        data = json.loads(decode(body, "application/json"))
    except (ValueError, RecursionError) as exc:
        return Rejected("bad_json_feed", f"not JSON: {exc}"[:200])
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        return Rejected("not_a_feed", "JSON without a jsonfeed.org version")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        return Rejected("bad_json_feed", "items is not a list")
    items, no_link = [], 0
    for entry in raw_items:
        if not isinstance(entry, dict):
            no_link += 1
            continue
        link = http_url(entry.get("url"), url) or http_url(entry.get("external_url"), url)
        if not link:
            no_link += 1
            continue
        summary = entry.get("summary") or entry.get("content_text") or entry.get("content_html")
        items.append(
            FeedItem(
                key=item_key(str(entry.get("id") or ""), link, url),
                url=link,
                title=plain_text(str(entry.get("title") or "")),
                summary=plain_text(summary) if isinstance(summary, str) else "",
                published=_iso_date(entry.get("date_published") or entry.get("date_modified")),
                categories=categories(tags if isinstance(tags := entry.get("tags"), list) else ()),
            )
        )
    return Feed(
        title=plain_text(str(data.get("title") or "")),
        items=tuple(items[:max_items]),
        over_limit=max(0, len(items) - max_items),
        no_link=no_link,
    )
