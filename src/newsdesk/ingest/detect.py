"""What a URL is, for `newsdesk sources add`: a feed, a sitemap, an article or a front page.

The URL is fetched once. A feed or a sitemap is recognised by parsing it; an HTML page is
an article when it says so (og:type, JSON-LD, one <article>), and otherwise a front page
when it announces a feed. Local paths are recognised by what they are on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsdesk.ingest.feeds import parse_feed
from newsdesk.ingest.http import Fetcher
from newsdesk.ingest.page import discover_feeds, looks_like_article, page_title
from newsdesk.ingest.sitemaps import GZIP_MAGIC, parse_sitemap
from newsdesk.models import Rejected, SourceKind


@dataclass(frozen=True, slots=True)
class Detection:
    """What a URL turned out to be, in words for the operator."""

    kind: SourceKind
    url: str
    title: str = ""
    detail: str = ""


def detect_local(path: str) -> Detection | None:
    """A folder, a JSONL dump or a WARC file on disk; None when ``path`` is not local."""
    if "://" in path:
        return None
    local = Path(path).expanduser()
    if local.is_dir():
        return Detection(SourceKind.FOLDER, str(local.resolve()), local.name, "a folder of pages")
    name = local.name.lower()
    if local.is_file() and name.endswith((".jsonl", ".jsonl.gz")):
        return Detection(SourceKind.JSONL, str(local.resolve()), local.name, "a JSONL dump")
    if local.is_file() and name.endswith((".warc", ".warc.gz")):
        return Detection(SourceKind.WARC, str(local.resolve()), local.name, "a WARC archive")
    return None


async def detect_remote(url: str, fetcher: Fetcher, max_items: int = 200) -> Detection:
    """Fetch ``url`` and say what it is.

    Raises:
        FetchError: the URL cannot be fetched.
    """
    result = await fetcher.get(url, conditional=False)
    body, ctype, final = result.body, result.content_type, result.final_url
    head = body[:2048].lower()
    if body.startswith(GZIP_MAGIC) or b"<urlset" in head or b"<sitemapindex" in head:
        sitemap = parse_sitemap(body, final, max_items=max_items)
        if not isinstance(sitemap, Rejected):
            if sitemap.children:
                detail = f"a sitemap index of {len(sitemap.children)} sitemaps"
            else:
                detail = f"a sitemap of {len(sitemap.items) + sitemap.over_limit} pages"
            return Detection(SourceKind.SITEMAP, url, "", detail)
    feed = parse_feed(body, final, ctype, max_items)
    if not isinstance(feed, Rejected) and (feed.items or b"<html" not in head):
        count = len(feed.items) + feed.over_limit
        return Detection(SourceKind.FEED, url, feed.title, f"a feed of {count} items")
    title = page_title(body, ctype)
    feeds = discover_feeds(body, final, ctype)
    if looks_like_article(body, ctype):
        return Detection(SourceKind.PAGE, url, title, "an article page")
    if feeds:
        return Detection(
            SourceKind.FRONT_PAGE, url, title, f"a front page with the feed {feeds[0]}"
        )
    return Detection(SourceKind.PAGE, url, title, "a page with no feed; read as one article")
