"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest stories, sitemap.xml and a news sitemap.

Every entry's id is the story's permanent address (``stories/<id>.html`` under the
site's base URL), which depends on the story id alone, so a rewritten story keeps its id
and only its updated time moves. XML is built with ElementTree from cleaned text, so no
source string can break the markup.

Readers render an RSS ``<description>`` as HTML, and some an RSS ``<title>`` that looks
like HTML too, so source text goes into them HTML-escaped before the XML escaping: a
reader shows ``<img onerror=...>`` as those characters, never as an element. Atom and
JSON Feed say their text is text (``type="text"``, ``content_text``).
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from newsdesk.publish.options import SiteOptions, story_path
from newsdesk.publish.views import StoryEntry

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
RSS_PATH, ATOM_PATH, JSON_FEED_PATH = "feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json"
NEWS_WINDOW = timedelta(days=2)  # Google News sitemaps list articles of the last two days
NEWS_LIMIT = 1000  # and at most 1,000 of them
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file (the protocol's bound)
FEED_ITEMS = 30  # stories in each feed (or site.stories_on_home, when more)

ET.register_namespace("atom", ATOM_NS)
ET.register_namespace("news", NEWS_NS)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _self_link(parent: ET.Element, href: str, mime: str) -> None:
    """The feed's own address, as an Atom ``<link rel="self">`` (RSS borrows it)."""
    _sub(parent, f"{{{ATOM_NS}}}link", href=href, rel="self", type=mime)


def _rss_html(text: str) -> str:
    """Text for an RSS description: HTML-escaped, so that readers show it as text."""
    return html.escape(text, quote=False)


def _rss_title(text: str) -> str:
    """Text for an RSS title, which readers take for text or HTML: a '<' is escaped, so
    that nothing can be a tag either way, while '&' stays '&' for those that read text."""
    return text.replace("<", "&lt;")


def _newest(entries: Sequence[StoryEntry]) -> datetime:
    return max((e.updated for e in entries), default=datetime(1970, 1, 1, tzinfo=UTC))


def rss(entries: Sequence[StoryEntry], options: SiteOptions) -> bytes:
    """An RSS 2.0 document of ``entries`` (newest first).

    Args:
        entries: the stories to list.
        options: the site's title and base URL.

    Returns:
        The UTF-8 XML.
    """
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", _rss_title(options.title))
    _sub(channel, "link", options.root_url)
    _sub(channel, "description", _rss_html(f"Latest stories from {options.title}"))
    _self_link(channel, options.absolute(RSS_PATH), "application/rss+xml")
    _sub(channel, "lastBuildDate", format_datetime(_newest(entries).astimezone(UTC), usegmt=True))
    _sub(channel, "generator", "newsdesk")
    for entry in entries:
        url = options.absolute(story_path(entry.id))
        item = _sub(channel, "item")
        _sub(item, "title", _rss_title(entry.feed_title))
        _sub(item, "link", url)
        _sub(item, "guid", url, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(entry.published.astimezone(UTC), usegmt=True))
        _sub(item, "description", _rss_html(entry.summary))
        for outlet in entry.outlets:
            _sub(item, "category", outlet, domain="outlet")
    return _xml(root)


def atom(entries: Sequence[StoryEntry], options: SiteOptions) -> bytes:
    """An Atom 1.0 document of ``entries``: ``published`` never moves, ``updated`` does.

    Args:
        entries: the stories to list.
        options: the site's title and base URL.

    Returns:
        The UTF-8 XML.
    """
    root = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(root, f"{{{ATOM_NS}}}id", options.root_url)
    _sub(root, f"{{{ATOM_NS}}}title", options.title)
    _sub(root, f"{{{ATOM_NS}}}updated", _iso(_newest(entries)))
    _self_link(root, options.absolute(ATOM_PATH), "application/atom+xml")
    _sub(root, f"{{{ATOM_NS}}}link", href=options.root_url, rel="alternate", type="text/html")
    author = _sub(root, f"{{{ATOM_NS}}}author")
    _sub(author, f"{{{ATOM_NS}}}name", options.title)
    _sub(root, f"{{{ATOM_NS}}}generator", "newsdesk")
    for entry in entries:
        url = options.absolute(story_path(entry.id))
        node = _sub(root, f"{{{ATOM_NS}}}entry")
        _sub(node, f"{{{ATOM_NS}}}id", url)
        _sub(node, f"{{{ATOM_NS}}}title", entry.feed_title, type="text")
        _sub(node, f"{{{ATOM_NS}}}link", href=url, rel="alternate", type="text/html")
        _sub(node, f"{{{ATOM_NS}}}published", _iso(entry.published))
        _sub(node, f"{{{ATOM_NS}}}updated", _iso(entry.updated))
        _sub(node, f"{{{ATOM_NS}}}summary", entry.summary, type="text")
        for outlet in entry.outlets:
            _sub(node, f"{{{ATOM_NS}}}category", term=outlet, label=outlet)
    return _xml(root)


def json_feed(entries: Sequence[StoryEntry], options: SiteOptions) -> bytes:
    """A JSON Feed 1.1 document of ``entries``.

    Args:
        entries: the stories to list.
        options: the site's title and base URL.

    Returns:
        The UTF-8 JSON.
    """
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": options.title,
        "home_page_url": options.root_url,
        "feed_url": options.absolute(JSON_FEED_PATH),
        "authors": [{"name": options.title}],
        "items": [
            {
                "id": options.absolute(story_path(e.id)),
                "url": options.absolute(story_path(e.id)),
                "title": e.feed_title,
                "content_text": e.summary,
                "summary": e.summary,
                "date_published": _iso(e.published),
                "date_modified": _iso(e.updated),
                "tags": list(e.outlets),
                **({"language": e.languages[0]} if len(e.languages) == 1 else {}),
            }
            for e in entries
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def sitemaps(
    entries: Sequence[StoryEntry],
    pages: Sequence[str],
    options: SiteOptions,
    limit: int = SITEMAP_LIMIT,
) -> dict[str, bytes]:
    """sitemap.xml: the listing pages, then every story page with its last change.

    The protocol allows 50,000 URLs in one file; past that, sitemap.xml becomes a
    sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml``, ... of ``limit`` URLs each.

    Args:
        entries: every published story.
        pages: site-relative paths of the other pages.
        options: the site's base URL.
        limit: URLs per file.

    Returns:
        File name -> UTF-8 XML: ``sitemap.xml``, and its parts when it is an index.
    """
    urls = [(options.absolute(page), None) for page in pages] + [
        (options.absolute(story_path(e.id)), _iso(e.updated)) for e in entries
    ]
    parts = [urls[i : i + limit] for i in range(0, len(urls), limit)] or [[]]
    files = {}
    for n, part in enumerate(parts, start=1):
        root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
        for loc, lastmod in part:
            url = _sub(root, f"{{{SITEMAP_NS}}}url")
            _sub(url, f"{{{SITEMAP_NS}}}loc", loc)
            if lastmod is not None:
                _sub(url, f"{{{SITEMAP_NS}}}lastmod", lastmod)
        files["sitemap.xml" if len(parts) == 1 else f"sitemap-{n}.xml"] = _xml(root)
    if len(parts) > 1:
        index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
        for name in files:
            _sub(
                _sub(index, f"{{{SITEMAP_NS}}}sitemap"),
                f"{{{SITEMAP_NS}}}loc",
                options.absolute(name),
            )
        files["sitemap.xml"] = _xml(index)
    return files


def news_sitemap(
    entries: Sequence[StoryEntry], options: SiteOptions, now: datetime | None = None
) -> bytes:
    """A Google News sitemap of the (at most 1,000 newest) stories of the last two days.

    Args:
        entries: every published story.
        options: the site's title (the publication's name) and base URL.
        now: the moment the window ends; the current time when None.

    Returns:
        The UTF-8 XML.
    """
    since = (now or datetime.now(UTC)) - NEWS_WINDOW
    recent = sorted((e for e in entries if e.published >= since), key=lambda e: e.published)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in recent[::-1][:NEWS_LIMIT]:
        url = _sub(root, f"{{{SITEMAP_NS}}}url")
        _sub(url, f"{{{SITEMAP_NS}}}loc", options.absolute(story_path(entry.id)))
        news = _sub(url, f"{{{NEWS_NS}}}news")
        publication = _sub(news, f"{{{NEWS_NS}}}publication")
        _sub(publication, f"{{{NEWS_NS}}}name", options.title)
        _sub(publication, f"{{{NEWS_NS}}}language", (entry.languages or ("en",))[0])
        _sub(news, f"{{{NEWS_NS}}}publication_date", _iso(entry.published))
        _sub(news, f"{{{NEWS_NS}}}title", entry.headline)
    return _xml(root)
