"""Single article pages and front pages: feed discovery and a first look at what a page is.

A front page names its feeds with ``<link rel="alternate" type="application/rss+xml">``
(or Atom, or JSON Feed). An article page says so with ``og:type=article``, a JSON-LD
NewsArticle or an ``<article>`` element; that is how ``sources add`` tells the two apart.
"""

from __future__ import annotations

import re

from lxml import etree, html

from newsdesk.ingest.feeds import http_url
from newsdesk.text import decode

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "text/xml",
        "application/xml",
    }
)
_ARTICLE_LD = re.compile(r'"@type"\s*:\s*\[?\s*"(News|Blog|Report)?(Article|Posting)"', re.I)


def _tree(body: bytes, content_type: str) -> html.HtmlElement | None:
    text = decode(body, content_type)
    if not text.strip():
        return None
    try:
        return html.document_fromstring(text.replace("\x00", ""))
    except (etree.LxmlError, ValueError):
        return None


def discover_feeds(body: bytes, base_url: str, content_type: str = "") -> list[str]:
    """The feed URLs a page announces, in page order, without duplicates; never raises."""
    tree = _tree(body, content_type)
    if tree is None:
        return []
    base = base_url
    for href in tree.xpath("//base/@href"):
        base = http_url(str(href), base_url) or base_url
        break
    found: list[str] = []
    for link in tree.xpath("//link[@href]"):
        rel = str(link.get("rel") or "").lower().split()
        kind = str(link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = http_url(str(link.get("href")), base)
        if url and url not in found:
            found.append(url)
    return found


def looks_like_article(body: bytes, content_type: str = "") -> bool:
    """True when the page declares itself one article; never raises."""
    tree = _tree(body, content_type)
    if tree is None:
        return False
    for value in tree.xpath("//meta[@property='og:type']/@content"):
        if str(value).strip().lower() == "article":
            return True
    for script in tree.xpath("//script[@type='application/ld+json']"):
        if _ARTICLE_LD.search(script.text_content() or ""):
            return True
    return len(tree.xpath("//article")) == 1


def page_title(body: bytes, content_type: str = "") -> str:
    tree = _tree(body, content_type)
    if tree is None:
        return ""
    titles = tree.xpath("//title")
    return " ".join((titles[0].text_content() or "").split()) if titles else ""
