"""The pages made of many stories, from the manifest's entries.

The front page leads with the most important story (``ranking``), then the next most
important, then each section's most important of the rest; its sidebar is the latest
stories that the ranked list does not show. ``latest.html`` lists every story by its
latest report; each section, the blindspots, each storyline, outlet, language and
archive day have a page of their own. Stories are ranked against the time of the newest
report on the site (never later than now), so that a site rebuilt from an archive ranks
its stories as it did when they were news.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from newsdesk.models import Leaning
from newsdesk.publish.options import SiteOptions, section_path
from newsdesk.publish.ranking import UNRATED, front_page_order
from newsdesk.publish.safe import language_code, slugify
from newsdesk.publish.views import StoryEntry

LISTING_LIMIT = 500  # stories on one section, outlet, language or archive page
SECTION_ON_HOME = 4  # stories of each section on the front page, after the ranked list

Render = Callable[..., bytes]
"""``render(template, depth, **context)``: a page's bytes (``site._Renderer.page``)."""

_LABELS = {
    Leaning.LEFT.value: "Left",
    Leaning.LEAN_LEFT.value: "Lean left",
    Leaning.CENTER.value: "Center",
    Leaning.LEAN_RIGHT.value: "Lean right",
    Leaning.RIGHT.value: "Right",
    Leaning.MIXED.value: "Mixed",
    UNRATED: "Not rated",
}


def leaning_label(value: str | Leaning | None) -> str:
    """How pages name a leaning: "Lean left"; "Not rated" for None."""
    key = value.value if isinstance(value, Leaning) else (value or UNRATED)
    return _LABELS.get(key, key)


def news_now(entries: Iterable[StoryEntry]) -> datetime:
    """The time pages are made for: the newest dated report, or now if that is later.

    Undated stories are left out: their time is when newsdesk fetched them, which says
    nothing of when the news happened.
    """
    now = datetime.now(UTC)
    return min(now, max((e.last_reported for e in entries if e.dated), default=now))


def ranked(entries: Sequence[StoryEntry], options: SiteOptions) -> list[StoryEntry]:
    """Most important first (``ranking.front_page_order``); a story of opinion and
    analysis alone is never first (issue 20)."""
    return front_page_order(entries, news_now(entries), options.half_life_hours)


def latest(entries: Iterable[StoryEntry]) -> list[StoryEntry]:
    """Latest report first."""
    return sorted(entries, key=lambda e: (e.last_reported, e.id), reverse=True)


def storyline_of(storyline_id: int | None, entries: Iterable[StoryEntry]) -> list[StoryEntry]:
    """The published stories of a storyline, in the order they happened."""
    if storyline_id is None:
        return []
    found = [e for e in entries if e.storyline_id == storyline_id]
    return sorted(found, key=lambda e: (e.published, e.id))


def _group(
    entries: Iterable[StoryEntry], keys: Callable[[StoryEntry], Iterable[str]]
) -> dict[str, list[StoryEntry]]:
    grouped: dict[str, list[StoryEntry]] = {}
    for entry in entries:
        for key in dict.fromkeys(keys(entry)):
            grouped.setdefault(key, []).append(entry)
    return {key: latest(items) for key, items in grouped.items()}


def listing_pages(
    entries: Sequence[StoryEntry], options: SiteOptions, render: Render
) -> dict[str, bytes]:
    """Every page made of many stories, by site-relative path.

    Args:
        entries: every published story.
        options: the site's options (sections, list lengths, half-life).
        render: renders a template (see ``Render``).

    Returns:
        Path -> page: the front page, ``latest.html``, search and 404 pages, sections,
        blindspots, storylines, outlets, languages and the archive.
    """
    by_importance = ranked(entries, options)
    by_time = latest(entries)
    main = by_importance[: max(options.stories_on_home, 1)]
    shown = {e.id for e in main}
    sidebar = [e for e in by_time if e.id not in shown][: options.headlines_in_list]
    blocks = []
    for section in options.sections:
        rest = [e for e in by_importance if e.section == section and e.id not in shown]
        if rest:
            blocks.append((section, section_path(section), rest[:SECTION_ON_HOME]))
    common: dict[str, Any] = {"headlines": sidebar, "headlines_title": "Latest"}
    files = {
        "index.html": render(
            "home.html", 0, lead=main[0] if main else None, top=main[1:], sections=blocks, **common
        ),
        "search.html": render("search.html", 0, query="", hits=None, **common),
        "404.html": render("404.html", 0, **common),
    }

    def listing(path: str, heading: str, items: Sequence[StoryEntry], about: str = "") -> None:
        files[path] = render(
            "listing.html",
            path.count("/"),
            heading=heading,
            about=about,
            stories=items[:LISTING_LIMIT],
            total=len(items),
            **common,
        )

    listing("latest.html", "Latest", by_time, "Every story, latest report first.")
    for section in options.sections:
        items = [e for e in by_importance if e.section == section]
        listing(section_path(section), section, items, "Most important first.")
    files["blindspots.html"] = render(
        "blindspots.html",
        0,
        missed_by_right=[e for e in by_time if e.blindspot == "right"],
        missed_by_left=[e for e in by_time if e.blindspot == "left"],
        **common,
    )
    storylines = _group(entries, lambda e: () if e.storyline_id is None else (str(e.storyline_id),))
    for key, items in storylines.items():
        story_order = storyline_of(int(key), items)
        listing(
            f"storylines/{key}.html",
            f"Storyline: {story_order[-1].headline}",
            story_order,
            "The stories of this storyline, in the order they happened.",
        )
    outlets = _group(entries, lambda e: (slugify(o) for o in e.outlets))
    names = {slugify(o): o for e in entries for o in e.outlets}
    languages = _group(entries, lambda e: (language_code(x) for x in e.languages or ("und",)))
    days = _group(entries, lambda e: (e.day,))
    for slug, items in outlets.items():
        listing(f"outlets/{slug}.html", f"Stories covered by {names[slug]}", items)
    for code, items in languages.items():
        listing(f"languages/{code}.html", f"Stories in language “{code}”", items)
    for day, items in days.items():
        listing(f"archive/{day}.html", f"Stories first reported on {day}", items)
    files["archive/index.html"] = render(
        "sections.html",
        1,
        heading="Archive",
        days=sorted(((d, len(v)) for d, v in days.items()), reverse=True),
        outlets=sorted(
            ((names[s], s, len(v)) for s, v in outlets.items()), key=lambda x: x[0].lower()
        ),
        languages=sorted((c, len(v)) for c, v in languages.items()),
        **common,
    )
    return files


def in_sitemap(path: str) -> bool:
    """Whether a listing page belongs in sitemap.xml (not search, 404, outlets, languages)."""
    return path not in ("search.html", "404.html") and not path.startswith(
        ("outlets/", "languages/")
    )
