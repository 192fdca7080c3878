"""Our feeds are safe in any reader: a source's text never becomes markup there.

Readers render an RSS ``<description>`` as HTML. Text written into it once-escaped (as
XML escaping alone does) reaches the reader as live markup: ``<img src=x onerror=...>``
from an article's text ran in the reader (issue 19). The feeds are parsed here as a
reader without a sanitiser sees them (feedparser with ``sanitize_html=False``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import lxml.html

from newsdesk.publish.feeds import atom, json_feed, rss
from newsdesk.publish.options import SiteOptions
from newsdesk.publish.views import StoryEntry

SOURCE_TEXT = (
    "Officials said <img src=x onerror=alert(1)> the plan <script>alert(2)</script> was "
    "<a href='javascript:alert(3)'>final</a> &amp; Q&A <b>done</b>."
)
OPTIONS = SiteOptions(out_dir=Path("site"), title="Desk <i>x</i>", base_url="https://n.example/")


def entries() -> list[StoryEntry]:
    now = datetime(2025, 1, 24, 12, tzinfo=UTC)
    return [
        StoryEntry(
            id=7,
            version=1,
            headline="Storm <b onmouseover=alert(4)>hits</b> coast",
            summary=SOURCE_TEXT,
            published=now,
            updated=now,
            outlets=("<svg onload=alert(5)>",),
            languages=("en",),
            article_count=2,
        )
    ]


def elements_in(html_text: str) -> list[str]:
    """The elements a reader would build from ``html_text``."""
    fragment = lxml.html.fragment_fromstring(html_text, create_parent="div")
    return [str(element.tag) for element in fragment.iterdescendants()]


def test_rss_description_is_text_that_no_reader_turns_into_markup() -> None:
    parsed = feedparser.parse(rss(entries(), OPTIONS), sanitize_html=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [item] = parsed.entries
    assert item.summary_detail.type == "text/html"  # what readers take a description for
    assert elements_in(item.summary) == []
    assert lxml.html.fragment_fromstring(item.summary, create_parent="div").text_content() == (
        SOURCE_TEXT
    )  # shown as the text it is, entities and all
    assert elements_in(parsed.feed.subtitle) == []


def test_rss_titles_hold_no_markup_whether_read_as_text_or_html() -> None:
    parsed = feedparser.parse(rss(entries(), OPTIONS), sanitize_html=False)
    [item] = parsed.entries
    headline = "Storm <b onmouseover=alert(4)>hits</b> coast"
    assert elements_in(item.title) == []
    if item.title_detail.type == "text/html":
        assert lxml.html.fragment_fromstring(item.title, create_parent="div").text_content() == (
            headline
        )
    assert elements_in(parsed.feed.title) == []  # the site's own title, "Desk <i>x</i>"


def test_atom_and_json_feed_say_their_text_is_text() -> None:
    parsed = feedparser.parse(atom(entries(), OPTIONS), sanitize_html=False)
    [item] = parsed.entries
    assert item.title_detail.type == "text/plain"
    assert item.title == "Storm <b onmouseover=alert(4)>hits</b> coast"
    assert item.summary_detail.type == "text/plain" and item.summary == SOURCE_TEXT
    data = json.loads(json_feed(entries(), OPTIONS))["items"][0]
    assert data["content_text"] == SOURCE_TEXT and "content_html" not in data


def test_an_ordinary_headline_reads_the_same_in_every_reader() -> None:
    ordinary = [replace(entries()[0], headline="Q&A: Fed's 5% call", summary="A & B")]
    parsed = feedparser.parse(rss(ordinary, OPTIONS), sanitize_html=False)
    assert parsed.entries[0].title == "Q&A: Fed's 5% call"
    assert (
        lxml.html.fragment_fromstring(parsed.entries[0].summary, create_parent="div").text_content()
        == "A & B"
    )
