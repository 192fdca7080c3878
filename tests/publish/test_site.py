"""The static site as a reader gets it: pages, citations, listings, incremental writes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest
from newsroom_data import NOW, Newsroom, make_story, rewrite, specs_of

from newsdesk.pipeline import run_publish
from newsdesk.publish.site import MANIFEST


def page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def story_file(room: Newsroom, story_id: int) -> Path:
    return room.options.out_dir / "stories" / f"{story_id}.html"


def test_first_publish_writes_every_page(newsroom: Newsroom) -> None:
    report = run_publish(newsroom.store, newsroom.options)
    out = newsroom.options.out_dir
    assert report.full_rebuild and report.stories_published == len(newsroom.story_ids)
    for story_id in newsroom.story_ids:
        assert story_file(newsroom, story_id).is_file()
    for name in (
        "index.html",
        "search.html",
        "404.html",
        "sitemap.xml",
        "sitemap-news.xml",
        "robots.txt",
        "static/style.css",
        "archive/index.html",
        "feeds/rss.xml",
        "feeds/atom.xml",
        "feeds/feed.json",
        "outlets/outlet-a.html",
        "languages/en.html",
    ):
        assert (out / name).is_file(), name
    assert newsroom.store.stories_to_publish() == []


def test_home_leads_with_the_most_important_and_its_sidebar_shows_the_rest(
    newsroom: Newsroom,
) -> None:
    """Six three-outlet stories, unrated: the most recent is the most important."""
    options = replace(newsroom.options, stories_on_home=3)
    run_publish(newsroom.store, options)
    home = page(options.out_dir / "index.html")
    newest = newsroom.store.versions(newsroom.story_ids[-1])[-1].draft
    lead = home.cssselect("main article.lead")[0]
    assert lead.cssselect("h2 a")[0].text_content() == newest.headline
    assert lead.cssselect(".dek")[0].text_content() == newest.summary.text
    assert "3 outlets" in lead.cssselect(".meta")[0].text_content()
    assert lead.cssselect("time")[0].get("datetime")
    top = [a.get("href") for a in home.cssselect("section.top article.item h3 a")]
    assert top == [f"stories/{i}.html" for i in newsroom.story_ids[-2:-4:-1]]
    shown = {lead.cssselect("h2 a")[0].get("href"), *top}
    running = [a.get("href") for a in home.cssselect("aside.headlines li a")]
    assert home.cssselect("aside.headlines h2")[0].text_content() == "Latest"
    assert running == [f"stories/{i}.html" for i in newsroom.story_ids[-4::-1]]
    assert not shown & set(running)


def test_story_page_cites_sources_and_shows_coverage_history_and_checks(
    newsroom: Newsroom,
) -> None:
    run_publish(newsroom.store, newsroom.options)
    story_id = newsroom.story_ids[0]
    doc = page(story_file(newsroom, story_id))
    version = newsroom.store.versions(story_id)[-1]
    assert doc.cssselect("h1")[0].text_content() == version.draft.headline
    body = doc.cssselect("article .body")[0].text_content()
    assert version.draft.paragraphs[0][0].text in body
    marks = doc.cssselect("sup.cite a")
    assert marks, "no citation marks"
    for mark in marks:
        target = mark.get("href")
        assert target.startswith("#source-")
        assert doc.get_element_by_id(target[1:]) is not None
    sources = doc.cssselect("section.sources li")
    assert len(sources) == 3
    for item in sources:
        original = item.cssselect("a.original")[0]
        assert original.get("href").startswith("https://outlet-")
        assert original.get("rel") == "nofollow noopener noreferrer"
        assert item.cssselect("time")
    svg = doc.cssselect("section.coverage svg")[0]
    assert svg.get("role") == "img" and len(svg.cssselect("circle")) == 3
    only = doc.cssselect("section.coverage td li")
    assert len(only) == 1 and only[0].text_content().strip()
    checks = doc.cssselect("#verification")[0].text_content()
    assert "4 of 5 claims" in checks and "Made of the outlets' own sentences" in checks
    assert len(doc.cssselect("section.history li")) == 1
    others = [a.text_content() for a in doc.cssselect("aside.headlines a")]
    assert version.draft.headline not in others and len(others) == 5


def test_a_story_written_by_a_language_model_says_so(newsroom: Newsroom) -> None:
    story_id = newsroom.story_ids[1]
    rewrite(newsroom.store, story_id, NOW, "Written again by the model.", writer="llm")
    run_publish(newsroom.store, newsroom.options)
    checks = page(story_file(newsroom, story_id)).cssselect("#verification")[0].text_content()
    assert "Written by a language model" in checks and "own sentences" not in checks


def test_a_story_told_at_one_time_has_one_time_on_its_axis(newsroom: Newsroom) -> None:
    spec = specs_of(newsroom.records[-1], NOW - timedelta(hours=1))[0]
    story_id, _ = make_story(newsroom.store, [spec], NOW)
    run_publish(newsroom.store, newsroom.options)
    svg = page(story_file(newsroom, story_id)).cssselect("section.coverage svg")[0]
    ticks = svg.cssselect("text.tick")
    assert len(ticks) == 1 and ticks[0].get("text-anchor") == "middle"
    assert svg.cssselect("desc")[0].text_content().startswith("At ")
    several = page(story_file(newsroom, newsroom.story_ids[0])).cssselect("svg text.tick")
    assert len(several) == 2 and several[0].text_content() != several[1].text_content()


def test_story_page_has_json_ld_and_open_graph(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    story_id = newsroom.story_ids[1]
    doc = page(story_file(newsroom, story_id))
    data = json.loads(doc.cssselect('script[type="application/ld+json"]')[0].text)
    url = f"https://news.example.org/stories/{story_id}.html"
    assert data["@type"] == "NewsArticle" and data["mainEntityOfPage"] == url
    assert data["headline"] == newsroom.store.versions(story_id)[-1].draft.headline[:110]
    assert len(data["isBasedOn"]) == 3
    og = {m.get("property"): m.get("content") for m in doc.cssselect("meta[property]")}
    assert og["og:type"] == "article" and og["og:url"] == url
    assert og["og:title"] == data["headline"] or len(og["og:title"]) > 110
    assert doc.cssselect('link[rel="canonical"]')[0].get("href") == url


def test_second_run_rewrites_no_story_page(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    before = {p: p.stat().st_mtime_ns for p in newsroom.options.out_dir.rglob("*.html")}
    report = run_publish(newsroom.store, newsroom.options)
    assert report.stories_published == 0 and report.pages_written == 0
    assert not report.full_rebuild
    after = {p: p.stat().st_mtime_ns for p in newsroom.options.out_dir.rglob("*.html")}
    assert before == after


def test_rewritten_story_alone_is_republished_with_history(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    story_id = newsroom.story_ids[2]
    untouched = story_file(newsroom, newsroom.story_ids[3])
    mtime = untouched.stat().st_mtime_ns
    rewrite(newsroom.store, story_id, NOW, "Shortened after a correction by Outlet B.")
    report = run_publish(newsroom.store, newsroom.options)
    assert report.stories_published == 1
    assert untouched.stat().st_mtime_ns == mtime
    doc = page(story_file(newsroom, story_id))
    history = [li.text_content() for li in doc.cssselect("section.history li")]
    assert len(history) == 2 and "Shortened after a correction" in history[0]
    assert doc.cssselect("h1")[0].text_content().endswith("(Updated)")
    home = page(newsroom.options.out_dir / "index.html")
    listed = {a.get("href"): a.text_content() for a in home.cssselect("main article a")}
    assert listed[f"stories/{story_id}.html"].endswith("(Updated)")


def test_merged_story_page_redirects_to_survivor(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    survivor, gone = newsroom.story_ids[0], newsroom.story_ids[1]
    newsroom.store.merge_stories(survivor, [gone], NOW)
    report = run_publish(newsroom.store, newsroom.options)
    assert report.redirects_written == 1
    doc = page(story_file(newsroom, gone))
    refresh = doc.cssselect('meta[http-equiv="refresh"]')[0].get("content")
    assert refresh == f"0; url={survivor}.html"
    assert doc.cssselect("main a")[0].get("href") == f"{survivor}.html"
    home = page(newsroom.options.out_dir / "index.html")
    linked = {a.get("href") for a in home.cssselect("main article.item h2 a")}
    assert f"stories/{gone}.html" not in linked


def test_lost_manifest_rebuilds_everything(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    (newsroom.options.out_dir / MANIFEST).unlink()
    story_file(newsroom, newsroom.story_ids[0]).unlink()
    report = run_publish(newsroom.store, newsroom.options)
    assert report.full_rebuild and report.stories_published == len(newsroom.story_ids)
    assert story_file(newsroom, newsroom.story_ids[0]).is_file()


def test_listings_and_archive(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    out = newsroom.options.out_dir
    outlet = page(out / "outlets" / "outlet-b.html")
    assert len(outlet.cssselect("main article.item")) == len(newsroom.story_ids)
    archive = page(out / "archive" / "index.html")
    days = [a.get("href") for a in archive.cssselect("#days-heading + ul a")]
    assert days and all((out / "archive" / d).is_file() for d in days)
    counted = sum(len(page(out / "archive" / d).cssselect("main article.item")) for d in days)
    assert counted == len(newsroom.story_ids)
    assert {a.text_content() for a in archive.cssselect("#outlets-heading + ul a")} == {
        "Outlet A",
        "Outlet B",
        "Outlet C",
    }


@pytest.mark.parametrize("depth_page", ["index.html", "stories/{id}.html", "archive/index.html"])
def test_every_relative_link_resolves(newsroom: Newsroom, depth_page: str) -> None:
    run_publish(newsroom.store, newsroom.options)
    out = newsroom.options.out_dir
    path = out / depth_page.format(id=newsroom.story_ids[0])
    doc = page(path)
    refs = [e.get("href") for e in doc.iter("a", "link")] + [e.get("src") for e in doc.iter()]
    for ref in filter(None, refs):
        if ref.startswith(("https://", "http://", "#")):
            continue
        target = (path.parent / ref.split("#")[0]).resolve()
        assert target.is_file() and target.is_relative_to(out.resolve()), ref


def test_story_dates_old_enough_leave_news_sitemap(newsroom: Newsroom) -> None:
    """Only stories of the last two days are in the news sitemap."""
    from newsdesk.publish import feeds
    from newsdesk.publish.site import _load_manifest

    run_publish(newsroom.store, newsroom.options)
    manifest = _load_manifest(newsroom.options.out_dir)
    assert manifest is not None
    entries = list(manifest.stories.values())
    now_xml = feeds.news_sitemap(entries, newsroom.options, now=NOW)
    later_xml = feeds.news_sitemap(entries, newsroom.options, now=NOW + timedelta(days=30))
    assert now_xml.count(b"<news:news>") == len(entries)
    assert b"<news:news>" not in later_xml


def test_a_publish_after_a_killed_one_sweeps_its_temporary_files(newsroom: Newsroom) -> None:
    out = newsroom.options.out_dir
    run_publish(newsroom.store, newsroom.options)
    assert not (out / ".publishing").exists()
    # What SIGKILL between a temporary file's write and its rename leaves behind.
    (out / ".publishing").touch()
    (out / "archive" / ".tmp-k1ll3d").write_bytes(b"<html>half")
    (out / ".tmp-x").write_bytes(b"")
    run_publish(newsroom.store, newsroom.options)
    assert not list(out.rglob(".tmp-*"))
    assert not (out / ".publishing").exists()
