"""Issue 22 on the published site: true dates, sections, coverage by leaning, blindspots,
storylines, the ranked front page and the timeline's labels (real store, real pages)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest
from newsroom_data import NOW, ArticleSpec, Newsroom, make_story, specs_of

from newsdesk.config import load_config
from newsdesk.errors import ConfigError
from newsdesk.models import Leaning
from newsdesk.pipeline import run_publish
from newsdesk.publish import SiteOptions
from newsdesk.publish.site import _format_time as shown
from newsdesk.publish.site import storyline_peers
from newsdesk.publish.timeline import CHAR_WIDTH, TICK_GAP


def page(room: Newsroom, name: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((room.options.out_dir / name).read_bytes())


def rate(room: Newsroom, **by_outlet: Leaning) -> None:
    """Import ratings by outlet name ("Outlet A" is ``outlet_a``)."""
    room.store.save_outlet_ratings(
        {
            f"name:{name.replace('_', ' ')}": (name.replace("_", " ").title(), leaning)
            for name, leaning in by_outlet.items()
        }
    )


def test_a_story_shows_its_first_and_latest_reports_not_when_it_was_written(
    newsroom: Newsroom,
) -> None:
    run_publish(newsroom.store, newsroom.options)
    story_id = newsroom.story_ids[0]
    members = newsroom.store.story_members(story_id)
    times = sorted(m.article.published_at for m in members if m.article.published_at)
    written = newsroom.store.versions(story_id)[-1].created_at
    assert written > times[-1]  # the version was written two hours after the first report
    doc = page(newsroom, f"stories/{story_id}.html")
    dates = doc.cssselect("header .dates")[0]
    assert dates.text_content().split()[:2] == ["First", "reported"]
    stamps = [t.get("datetime") for t in dates.cssselect("time")]
    assert stamps == [t.isoformat(timespec="seconds") for t in (times[0], times[-1])]
    assert shown(written) not in dates.text_content()
    # The archive files it under the day of its first report.
    day = times[0].strftime("%Y-%m-%d")
    listed = page(newsroom, f"archive/{day}.html").cssselect("main article h2 a")
    assert f"../stories/{story_id}.html" in [a.get("href") for a in listed]


def test_a_story_without_dates_says_so_once(newsroom: Newsroom) -> None:
    specs = specs_of(newsroom.records[6], NOW)
    for spec in specs:
        spec.dated = False
    story_id, _ = make_story(newsroom.store, specs, NOW)
    run_publish(newsroom.store, newsroom.options)
    doc = page(newsroom, f"stories/{story_id}.html")
    text = doc.text_content()
    assert "First seen" in text and "First reported" not in text
    assert text.count("No outlet gave a publication date") == 1
    assert "unknown" not in text.lower()
    assert "Published" not in [th.text_content() for th in doc.cssselect("section.coverage th")]
    assert "gave no publication date" not in doc.cssselect("section.sources")[0].text_content()


def test_one_undated_outlet_is_named_once(newsroom: Newsroom) -> None:
    specs = specs_of(newsroom.records[6], NOW)
    specs[1].dated = False
    story_id, _ = make_story(newsroom.store, specs, NOW)
    run_publish(newsroom.store, newsroom.options)
    doc = page(newsroom, f"stories/{story_id}.html")
    assert doc.text_content().count("gave no publication date") == 1
    note = doc.cssselect("section.sources p.meta")[0].text_content()
    assert note == f"{specs[1].outlet} gave no publication date."


def test_every_story_gets_a_section_and_each_section_a_page(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    sections = {}
    for story_id in newsroom.story_ids:
        story = newsroom.store.story(story_id)
        assert story is not None and story.section in newsroom.options.sections
        sections[story_id] = story.section
    nav = [a.text_content() for a in page(newsroom, "index.html").cssselect("header nav a")]
    assert [n for n in nav if n in newsroom.options.sections] == list(newsroom.options.sections)
    for story_id, section in sections.items():
        slug = section.lower().replace(".", "-").replace(" ", "-").rstrip("-")
        listed = page(newsroom, f"sections/{slug}.html").cssselect("main article h2 a")
        assert f"../stories/{story_id}.html" in [a.get("href") for a in listed]
        kicker = page(newsroom, f"stories/{story_id}.html").cssselect("header .kicker a")
        assert kicker[0].text_content() == section


def test_coverage_by_leaning_and_a_blindspot(newsroom: Newsroom) -> None:
    rate(newsroom, outlet_a=Leaning.LEFT, outlet_b=Leaning.LEAN_LEFT, outlet_c=Leaning.LEFT)
    run_publish(newsroom.store, newsroom.options)
    story_id = newsroom.story_ids[0]
    doc = page(newsroom, f"stories/{story_id}.html")
    counts = [li.text_content() for li in doc.cssselect("section.leanings li")]
    assert counts == ["Left: 2 outlets", "Lean left: 1 outlet"]
    assert doc.cssselect("header .blindspot")[0].text_content() == "Blindspot for the right"
    tags = [t.text_content() for t in doc.cssselect("section.sources .lean-tag")]
    assert sorted(tags) == ["Lean left", "Left", "Left"]
    blind = page(newsroom, "blindspots.html")
    listed = [a.get("href") for a in blind.cssselect("main section article h3 a")]
    assert listed[: len(newsroom.story_ids)] == [
        f"stories/{i}.html" for i in reversed(newsroom.story_ids)
    ]


def test_no_blindspot_when_the_sides_are_mixed(newsroom: Newsroom) -> None:
    rate(newsroom, outlet_a=Leaning.LEFT, outlet_b=Leaning.CENTER, outlet_c=Leaning.RIGHT)
    run_publish(newsroom.store, newsroom.options)
    doc = page(newsroom, f"stories/{newsroom.story_ids[0]}.html")
    assert not doc.cssselect(".blindspot")
    assert page(newsroom, "blindspots.html").cssselect("main article") == []


def test_a_single_outlets_story_never_leads_however_new(newsroom: Newsroom) -> None:
    spec = specs_of(newsroom.records[6], NOW + timedelta(hours=1))[0]
    single, _ = make_story(newsroom.store, [spec], NOW + timedelta(hours=1))
    run_publish(newsroom.store, newsroom.options)
    home = page(newsroom, "index.html")
    lead = home.cssselect("main article.lead h2 a")[0].get("href")
    assert lead == f"stories/{newsroom.story_ids[-1]}.html"
    ranked = [a.get("href") for a in home.cssselect("main section.top article h3 a")]
    assert ranked[-1] == f"stories/{single}.html"
    latest = page(newsroom, "latest.html").cssselect("main article h2 a")
    assert latest[0].get("href") == f"stories/{single}.html"  # the newest report


def test_storylines_link_earlier_events_with_their_dates(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    first, second, third = newsroom.story_ids[:3]
    line = newsroom.store.create_storyline(NOW)
    for story_id in (first, third):  # linked later, without a new version
        newsroom.store.set_storyline(story_id, line)
    report = run_publish(newsroom.store, newsroom.options)
    assert report.stories_published == 2  # both pages now list each other
    later = page(newsroom, f"stories/{third}.html").cssselect("section.storyline")[0]
    assert later.cssselect("h2")[0].text_content() == "Earlier in this storyline"
    [earlier] = later.cssselect("li")
    first_headline = newsroom.store.versions(first)[-1].draft.headline
    assert earlier.cssselect("a")[0].text_content() == first_headline
    first_report = min(
        m.article.published_at
        for m in newsroom.store.story_members(first)
        if m.article.published_at
    )
    assert earlier.cssselect("time")[0].get("datetime") == first_report.isoformat(
        timespec="seconds"
    )
    before = page(newsroom, f"stories/{first}.html").cssselect("section.storyline h2")
    assert [h.text_content() for h in before] == ["Later in this storyline"]
    assert not page(newsroom, f"stories/{second}.html").cssselect("section.storyline")
    whole = page(newsroom, f"storylines/{line}.html").cssselect("main article h2 a")
    assert [a.get("href") for a in whole] == [f"../stories/{i}.html" for i in (first, third)]


def test_long_outlet_names_are_wrapped_whole_and_axis_labels_kept_apart(
    newsroom: Newsroom,
) -> None:
    """Issue 22: "New York Times (New..." was cut, and "13:30 UTC27 Aug" overlapped."""
    names = ("New York Times (News)", "Associated Press Politics & Fact Check", "Fox Business")
    start = NOW - timedelta(days=400)
    specs = [
        ArticleSpec(name, f"https://o{i}.example/a", f"Title {i}", text, start + timedelta(days=i))
        for i, (name, text) in enumerate(
            zip(names, (a["text"] for a in newsroom.records[7]["articles"]), strict=True)
        )
    ]
    specs[-1].published_at = NOW  # the axis spans two years
    story_id, _ = make_story(newsroom.store, specs, NOW)
    run_publish(newsroom.store, newsroom.options)
    svg = page(newsroom, f"stories/{story_id}.html").cssselect("section.coverage svg")[0]
    labels = [" ".join(t.text_content() for t in text) for text in svg.cssselect("text.label")]
    for name in names:
        assert any(" ".join(label.split()) == name for label in labels), (name, labels)
    ticks = svg.cssselect("text.tick")
    start_tick, end_tick = ticks
    width = float(end_tick.get("x")) - float(start_tick.get("x"))
    side_by_side = start_tick.get("y") == end_tick.get("y")
    needed = CHAR_WIDTH * (len(start_tick.text) + len(end_tick.text)) + TICK_GAP
    assert not side_by_side or needed <= width
    assert "UTC" not in start_tick.text and start_tick.text.endswith(start.strftime("%Y, %H:%M"))


def test_the_front_page_dates_are_the_reports_not_the_run(newsroom: Newsroom) -> None:
    run_publish(newsroom.store, newsroom.options)
    home = page(newsroom, "index.html")
    shown_times = {t.get("datetime") for t in home.cssselect("main time")}
    written = {
        v.created_at.isoformat(timespec="seconds")
        for i in newsroom.story_ids
        for v in newsroom.store.versions(i)
    }
    assert shown_times and not shown_times & written


def test_a_site_may_have_fewer_sections_but_only_known_ones(tmp_path: Path) -> None:
    def options(text: str) -> SiteOptions:
        path = tmp_path / "newsdesk.toml"
        path.write_text(f"[site]\n{text}\n", encoding="utf-8")
        return SiteOptions.from_config(load_config(path, env={}))

    fewer = options('sections = ["World", "Business"]\ndefault_section = "World"')
    assert fewer.sections == ("World", "Business") and fewer.default_section == "World"
    with pytest.raises(ConfigError, match=r"site\.sections: 'Weather': the sections are World"):
        options('sections = ["World", "Weather"]\ndefault_section = "World"')
    with pytest.raises(ConfigError, match=r"site\.default_section 'U\.S\.' is not one of"):
        options('sections = ["World"]')


def test_storyline_peers_are_the_changed_and_the_other_stories_of_their_lines() -> None:
    published = {1: None, 2: 7, 3: 7, 4: None, 5: 8}
    stored = {1: 7, 2: 7, 3: None, 4: None, 5: 8, 6: 9}
    # 1 joined line 7 and 3 left it: both changed; 2 is in line 7; 5 and 6 are untouched.
    assert storyline_peers(published, stored, set()) == {1, 2, 3}
    # A rewritten story of line 8 brings its peer; one without a line brings nothing.
    assert storyline_peers({5: 8, 10: 8}, {5: 8, 10: 8}, {5}) == {5, 10}
    assert storyline_peers({4: None}, {4: None}, {4}) == set()
