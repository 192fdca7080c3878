"""Untrusted source text stays text; links stay http(s); files stay in the output folder."""

from __future__ import annotations

import json
import string
from pathlib import Path

import feedparser
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from newsroom_data import HOSTILE_HEADLINE, NOW, Newsroom, add_hostile_story

from newsdesk.pipeline import run_publish
from newsdesk.publish.safe import clean_text, language_code, safe_path, safe_url, slugify


@pytest.fixture
def hostile(newsroom: Newsroom) -> tuple[Newsroom, int]:
    story_id = add_hostile_story(newsroom.store, NOW)
    run_publish(newsroom.store, newsroom.options)
    return newsroom, story_id


def all_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_source_markup_is_shown_as_text(hostile: tuple[Newsroom, int]) -> None:
    room, story_id = hostile
    path = room.options.out_dir / "stories" / f"{story_id}.html"
    doc = lxml.html.fromstring(path.read_bytes())
    assert doc.cssselect("h1")[0].text_content() == HOSTILE_HEADLINE
    body = doc.cssselect("article .body")[0].text_content()
    assert '"><svg onload="window.__pwned=\'svg\'"> warned of flooding.' in body
    sources = doc.cssselect("section.sources")[0].text_content()
    assert "<script>window.__pwned='title'</script>Storm reaches the coast" in sources
    coverage = doc.cssselect("section.coverage")[0].text_content()
    assert "<script>window.__pwned='coverage'</script>" in coverage
    assert "<b>only</b> here" in coverage


def test_no_page_carries_a_script_handler_or_script_link(
    hostile: tuple[Newsroom, int],
) -> None:
    room, _ = hostile
    for path in all_pages(room.options.out_dir):
        doc = lxml.html.fromstring(path.read_bytes())
        for script in doc.iter("script"):
            assert script.get("type") == "application/ld+json", path
            json.loads(script.text)
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            assert not [a for a in element.attrib if a.lower().startswith("on")], (path, element)
            for attr in ("href", "src", "action"):
                value = (element.get(attr) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, value)
        assert not doc.cssselect("iframe, img, object, embed, b, svg [onload]"), path


def test_controls_and_bidi_overrides_are_removed(hostile: tuple[Newsroom, int]) -> None:
    room, story_id = hostile
    data = (room.options.out_dir / "stories" / f"{story_id}.html").read_text("utf-8")
    for char in ("\x00", "\u202e", "\u202c", "\u2066", "\u2069"):
        assert char not in data
    assert "🌊" in data and "القاهرة" in data


def test_only_http_links_reach_the_sources_list(hostile: tuple[Newsroom, int]) -> None:
    room, story_id = hostile
    doc = lxml.html.fromstring((room.options.out_dir / "stories" / f"{story_id}.html").read_bytes())
    links = [a.get("href") for a in doc.cssselect("section.sources a.original")]
    assert links == ["https://good.example/storm?a=1&b=<2>"]
    assert len(doc.cssselect("section.sources li")) == 3


def test_feeds_stay_well_formed_with_hostile_text(hostile: tuple[Newsroom, int]) -> None:
    room, _ = hostile
    for name in ("rss.xml", "atom.xml"):
        result = feedparser.parse((room.options.out_dir / "feeds" / name).read_bytes())
        assert not result.bozo, result.get("bozo_exception")
        assert "Storm Hits Coast" in result.entries[0].title
    feed = json.loads((room.options.out_dir / "feeds" / "feed.json").read_text("utf-8"))
    assert feed["items"][0]["title"] == HOSTILE_HEADLINE


def test_hostile_names_write_nothing_outside_the_site(
    hostile: tuple[Newsroom, int], tmp_path: Path
) -> None:
    room, _ = hostile
    out = room.options.out_dir.resolve()
    outside = {p for p in tmp_path.rglob("*") if not p.resolve().is_relative_to(out)}
    assert {p.name for p in outside if p.is_file()} <= {
        "newsdesk.db",
        "newsdesk.db-wal",
        "newsdesk.db-shm",
    }
    assert not [p for p in outside if p.is_dir()]
    outlet_pages = {p.name for p in (out / "outlets").iterdir()}
    assert "b-onmouseover-window-pwned-outlet-evil-b-etc-passwd.html" in outlet_pages
    assert "etc-cron-d.html" in outlet_pages
    assert len(outlet_pages) == 3 + 3  # the three test outlets and the three hostile ones
    # "../../x" is no language; "en" with a bidi override is "en" once cleaned.
    assert {p.name for p in (out / "languages").iterdir()} == {"en.html"}


@pytest.mark.parametrize(
    "part",
    [
        "..",
        ".",
        "",
        "../x",
        "/etc/passwd",
        "a/b",
        "a\\..\\b",
        ".hidden",
        "x\x00y",
        "%2e%2e",
        "stories/../../x",
        " x",
        "x" * 200,
    ],
)
def test_safe_path_refuses_escaping_parts(tmp_path: Path, part: str) -> None:
    with pytest.raises(ValueError):
        safe_path(tmp_path / "site", "outlets", part)


@given(st.text())
def test_any_text_slugs_to_a_contained_file(text: str) -> None:
    root = Path("/tmp/newsdesk-site-root")
    slug = slugify(text)
    assert set(slug) <= set(string.ascii_lowercase + string.digits + "-")
    path = safe_path(root, "outlets", f"{slug}.html")
    assert path.parent == root / "outlets"


@given(st.text())
def test_language_codes_are_plain(text: str) -> None:
    code = language_code(text)
    assert code == "und" or set(code) <= set(string.ascii_lowercase + string.digits + "-")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/x", False),
        ("/relative", False),
        ("https:///nohost", False),
        ("ftp://example.org/", False),
        ("https://exa mple.org/", False),
        ("https://[::1", False),
    ],
)
def test_safe_url_keeps_only_http_urls(url: str, kept: bool) -> None:
    assert (safe_url(url) is not None) == kept


def test_clean_text_keeps_real_unicode() -> None:
    assert (
        clean_text("Zürich\u00a0– 東京 ‎ «القاهرة» 👩\u200d🔬")
        == "Zürich\u00a0– 東京 ‎ «القاهرة» 👩\u200d🔬"
    )
    assert clean_text("a\u202eb\x07c\u2028d") == "abc d"
