"""The three feeds and the sitemaps, read by the tools that consume them."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import feedparser
import jsonschema
import lxml.etree
from newsroom_data import NOW, Newsroom, rewrite

from newsdesk.pipeline import run_publish

XML_FEEDS = ("feeds/rss.xml", "feeds/atom.xml")
FEEDS = (*XML_FEEDS, "feeds/feed.json")

# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as a JSON Schema: the released
# feedparser (6.0.x) reads RSS and Atom only, so the JSON feed is checked against the spec
# and then read into the same shape the XML feeds give.
_DATE = {"type": "string", "format": "date-time"}
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string", "format": "uri"},
        "authors": {"type": "array", "items": {"type": "object"}},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                    "title": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": _DATE,
                    "date_modified": _DATE,
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                },
            },
        },
    },
}


def _json_feed(data: bytes) -> feedparser.FeedParserDict:
    feed = json.loads(data)
    jsonschema.validate(
        feed, JSON_FEED_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )

    def when(text: str) -> time.struct_time:  # RFC 3339; jsonschema checks no date-time
        assert text.endswith("Z") or text[-6] in "+-", text
        return datetime.fromisoformat(text).astimezone(UTC).timetuple()

    for item in feed["items"]:  # jsonschema checks no uri format either
        assert urlsplit(item["url"]).scheme == "https" and urlsplit(item["url"]).hostname

    entries = [
        feedparser.FeedParserDict(
            id=i["id"],
            link=i["url"],
            title=i["title"],
            summary=i["content_text"],
            published_parsed=when(i["date_published"]),
            updated_parsed=when(i["date_modified"]),
        )
        for i in feed["items"]
    ]
    return feedparser.FeedParserDict(
        bozo=0,
        version="json11",
        feed=feedparser.FeedParserDict(title=feed["title"]),
        entries=entries,
    )


def parsed(room: Newsroom, name: str) -> feedparser.FeedParserDict:
    data = (room.options.out_dir / name).read_bytes()
    if name.endswith(".json"):
        return _json_feed(data)
    result = feedparser.parse(data)
    assert not result.bozo, f"{name}: {result.get('bozo_exception')}"
    return result


def test_feeds_parse_without_bozo_and_list_every_story(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    for name in FEEDS:
        feed = parsed(newsroom, name)
        assert feed.feed.title == newsroom.options.title
        assert len(feed.entries) == len(newsroom.story_ids), name
        urls = {f"https://news.example.org/stories/{i}.html" for i in newsroom.story_ids}
        assert {e.link for e in feed.entries} == urls, name
        first = feed.entries[0]
        latest = newsroom.store.versions(newsroom.story_ids[-1])[-1].draft
        assert first.title == latest.headline, name
        assert first.summary == latest.summary.text, name
    assert parsed(newsroom, "feeds/rss.xml").version == "rss20"
    assert parsed(newsroom, "feeds/atom.xml").version == "atom10"
    assert parsed(newsroom, "feeds/feed.json").version == "json11"


def test_ids_stay_and_updated_moves_when_a_story_is_rewritten(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    story_id = newsroom.story_ids[0]
    before = {name: parsed(newsroom, name) for name in FEEDS}
    rewrite(newsroom.store, story_id, NOW + timedelta(minutes=5), "New details from Outlet C.")
    run_publish(newsroom.store, newsroom.options)
    url = f"https://news.example.org/stories/{story_id}.html"
    for name in FEEDS:
        after = parsed(newsroom, name)
        assert {e.id for e in after.entries} == {e.id for e in before[name].entries}, name
        old = next(e for e in before[name].entries if e.link == url)
        new = next(e for e in after.entries if e.link == url)
        assert new.id == old.id == url
        assert new.title.endswith("(Updated)")
        assert new.published_parsed == old.published_parsed, name
        if name != "feeds/rss.xml":  # RSS 2.0 has no updated date
            assert new.updated_parsed > old.updated_parsed, name
        assert after.entries[0].link == url, "a rewritten story moves to the top"


def test_json_feed_is_json_feed_1_1(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    data = json.loads((newsroom.options.out_dir / "feeds/feed.json").read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "https://news.example.org/feeds/feed.json"
    for item in data["items"]:
        assert set(item) >= {
            "id",
            "url",
            "title",
            "content_text",
            "date_published",
            "date_modified",
        }


def test_sitemaps_list_story_pages(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    out = newsroom.options.out_dir
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    site = lxml.etree.parse(str(out / "sitemap.xml"))
    locs = site.xpath("//s:url/s:loc/text()", namespaces=ns)
    for story_id in newsroom.story_ids:
        assert f"https://news.example.org/stories/{story_id}.html" in locs
    assert "https://news.example.org/index.html" in locs
    news = lxml.etree.parse(str(out / "sitemap-news.xml"))
    titles = news.xpath("//n:news/n:title/text()", namespaces=ns)
    assert len(titles) == len(newsroom.story_ids)
    assert set(news.xpath("//n:publication/n:name/text()", namespaces=ns)) == {
        newsroom.options.title
    }
    robots = (out / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://news.example.org/sitemap.xml" in robots


def test_a_sitemap_past_the_url_limit_becomes_an_index_of_parts(newsroom: Newsroom) -> None:
    """Read back with newsdesk's own sitemap reader, as a crawler would read it."""
    from newsdesk.ingest.sitemaps import Sitemap, parse_sitemap
    from newsdesk.publish import feeds
    from newsdesk.publish.views import StoryEntry

    entries = [
        StoryEntry(n, 1, f"Story {n}", "", NOW, NOW, ("Outlet",), ("en",), 1) for n in range(1, 8)
    ]
    options = newsroom.options
    files = feeds.sitemaps(entries, ["index.html"], options, limit=3)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = parse_sitemap(files["sitemap.xml"], "sitemap.xml")
    assert isinstance(index, Sitemap)
    assert list(index.children) == [options.absolute(f"sitemap-{n}.xml") for n in (1, 2, 3)]
    urls = []
    for n in (1, 2, 3):
        part = parse_sitemap(files[f"sitemap-{n}.xml"], f"sitemap-{n}.xml", max_items=10)
        assert isinstance(part, Sitemap)
        urls += [item.url for item in part.items]
    assert urls == [options.absolute("index.html")] + [
        options.absolute(f"stories/{n}.html") for n in range(1, 8)
    ]
    # Under the limit it stays one plain sitemap.
    assert list(feeds.sitemaps(entries, ["index.html"], options)) == ["sitemap.xml"]
