"""The static site: story pages written incrementally, listings, feeds and sitemaps.

``Site`` is the publish stage's entry point; it reads no store: the pipeline's adapter
(``pipeline.run_publish``) gives it the states of the stories to write and records what
it wrote. Only stories whose latest version is not yet published get their page written;
a small manifest in the output folder remembers every published story, so the home
page, listings, archive, feeds and sitemaps are remade each run without reading every
story back. A missing or unreadable manifest (a new or emptied output folder) makes the
run publish everything again. Files are replaced atomically and only when their content
changed.

Each story written gets its section (``classify.section``; the batch tells the adapter,
which saves it); its state carries its storyline and its articles' outlet leanings; the
adapter also writes again the stories whose storyline changed and the other stories of
their storylines (``storyline_peers``). The front page and its sidebar are ``pages``'s.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from newsdesk.classify.section import classify_section
from newsdesk.models import Leaning, StoryNote, StoryStatus, StoryVersion
from newsdesk.publish import feeds, pages
from newsdesk.publish.options import SiteOptions, section_path, story_path
from newsdesk.publish.safe import safe_path
from newsdesk.publish.timeline import full_time, timeline
from newsdesk.publish.views import StoryEntry, StoryView, build_story
from newsdesk.store.records import StoryMember
from newsdesk.text import language_name

log = logging.getLogger(__name__)

MANIFEST = ".newsdesk-manifest.json"
MANIFEST_FORMAT = 2  # 2: stories carry their report times, section, leanings, storyline
BATCH = 200  # stories per manifest save: a killed run redoes at most this many pages


@dataclass(slots=True)
class PublishReport:
    """What one publish run did."""

    stories_published: int = 0
    redirects_written: int = 0
    pages_written: int = 0  # files whose content changed, story pages included
    pages_unchanged: int = 0
    full_rebuild: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Manifest:
    stories: dict[int, StoryEntry]
    redirects: dict[int, int]


# -- files ------------------------------------------------------------------------------


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds exactly that.

    Args:
        path: the file; its folder is created when missing.
        data: the new content.

    Returns:
        True when the file was written.
    """
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _load_manifest(out_dir: Path) -> _Manifest | None:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            return None
        return _Manifest(
            stories={int(k): StoryEntry.from_json(v) for k, v in data["stories"].items()},
            redirects={int(k): int(v) for k, v in data["redirects"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _save_manifest(out_dir: Path, manifest: _Manifest) -> None:
    data = {
        "format": MANIFEST_FORMAT,
        "stories": {str(k): v.to_json() for k, v in sorted(manifest.stories.items())},
        "redirects": {str(k): v for k, v in sorted(manifest.redirects.items())},
    }
    write_if_changed(out_dir / MANIFEST, json.dumps(data, ensure_ascii=False).encode("utf-8"))


# -- templates --------------------------------------------------------------------------


def _format_time(value: datetime | None) -> str:
    return "unknown time" if value is None else full_time(value)


def _format_day(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%-d %b %Y")


def _iso(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).isoformat(timespec="seconds")


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the site: autoescape on for every template and string."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsdesk.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _format_time
    env.filters["day"] = _format_day
    env.filters["iso"] = _iso
    env.filters["language_name"] = language_name
    env.globals["story_path"] = story_path
    env.globals["section_path"] = section_path
    env.globals["leaning_label"] = pages.leaning_label
    return env


class _Renderer:
    """Renders pages with the context every page shares."""

    def __init__(self, options: SiteOptions, env: jinja2.Environment) -> None:
        self.options = options
        self.env = env
        # Looked up once a run: the digest is made between runs (watch, `digest --publish`).
        self.has_digest = (options.out_dir / "digest" / "index.html").is_file()

    def page(self, template: str, depth: int, **context: Any) -> bytes:
        text = self.env.get_template(template).render(
            options=self.options, root="../" * depth, has_digest=self.has_digest, **context
        )
        return text.encode("utf-8")


# -- the run ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryState:
    """What the store holds of one story, as its page is made from it."""

    id: int
    shows: int | None  # the story its page shows: itself, the one it merged into; None: gone
    versions: tuple[StoryVersion, ...] = ()
    members: tuple[StoryMember, ...] = ()  # only read when the story shows itself
    coverage: Mapping[str, Any] | None = None
    notes: tuple[StoryNote, ...] = ()  # the operator's notes, oldest first
    status: StoryStatus = StoryStatus.LIVE
    storyline_id: int | None = None
    leanings: Mapping[int, Leaning | None] = field(default_factory=dict)  # article -> outlet's


def storyline_peers(
    published: Mapping[int, int | None], stored: Mapping[int, int | None], todo: set[int]
) -> set[int]:
    """Stories to write again for their storylines' sake.

    Args:
        published: every published story -> its storyline on the site (``Site.storylines``).
        stored: every written story -> its storyline in the store now.
        todo: the stories already to be written.

    Returns:
        Published stories whose storyline changed since (linked or unlinked without being
        rewritten), and every story of a storyline that one of those or of ``todo`` is in
        or was in: their pages list each other.
    """
    changed = {i for i, line in published.items() if i in stored and stored[i] != line}
    lines = {
        line
        for i in todo | changed
        for line in (stored.get(i), published.get(i))
        if line is not None
    }
    peers = {i for i, line in stored.items() if line in lines}
    peers |= {i for i, line in published.items() if line in lines}
    return changed | peers


@dataclass(slots=True)
class PublishedBatch:
    """What writing a batch of pages leaves for the store to record."""

    published: list[tuple[int, int]] = field(default_factory=list)  # (story, version) now shown
    indexed: list[StoryView] = field(default_factory=list)  # pages for the search index
    unindexed: list[int] = field(default_factory=list)  # stories to take out of it
    sections: list[tuple[int, str]] = field(default_factory=list)  # (story, section) to keep


class Site:
    """The publish stage: one output folder, written incrementally from plain story states.

    Opening it reads the manifest (none, or ``full``: every story is published again).
    The caller gives ``write`` the states of the stories the store has not published,
    of every story when ``rebuild``, and of those whose page ``shown`` no longer matches,
    a batch at a time, records each ``PublishedBatch``, and ends with ``finish``, which
    writes every listing, feed and sitemap.
    """

    batch = BATCH  # stories per write: a killed run redoes at most this many pages

    def __init__(self, options: SiteOptions, *, full: bool = False) -> None:
        options.out_dir.mkdir(parents=True, exist_ok=True)
        _sweep_after_a_killed_run(options.out_dir)
        self.report = PublishReport()
        manifest = None if full else _load_manifest(options.out_dir)
        if manifest is None:
            self.report.full_rebuild = True
            manifest = _Manifest(stories={}, redirects={})
        self._manifest = manifest
        self._renderer = _Renderer(options, environment())
        self._write = _counter(self.report)

    @property
    def rebuild(self) -> bool:
        """True when the site is made anew: every story must be written."""
        return self.report.full_rebuild

    def shown(self) -> dict[int, int]:
        """Every story the site has a page for, with the story that page shows.

        A story merged (or gone) since must be written again, as a redirect.
        """
        manifest = self._manifest
        return {i: manifest.redirects.get(i, i) for i in (*manifest.stories, *manifest.redirects)}

    def storylines(self) -> dict[int, int | None]:
        """Every published story with the storyline its page shows (``storyline_peers``)."""
        return {i: e.storyline_id for i, e in self._manifest.stories.items()}

    def write(self, stories: Iterable[StoryState]) -> PublishedBatch:
        """Write the pages of ``stories`` (redirects for merged ones), then the manifest."""
        renderer, manifest = self._renderer, self._manifest
        out = renderer.options.out_dir
        done = PublishedBatch()
        for story in stories:
            if story.shows is None:
                manifest.stories.pop(story.id, None)
                manifest.redirects.pop(story.id, None)
                done.unindexed.append(story.id)
            elif story.shows != story.id:
                manifest.stories.pop(story.id, None)
                manifest.redirects[story.id] = story.shows
                done.unindexed.append(story.id)
                page = renderer.page("redirect.html", 1, story_id=story.id, target=story.shows)
                self._write(safe_path(out, "stories", f"{story.id}.html"), page)
                self.report.redirects_written += 1
                if story.versions:
                    done.published.append((story.id, story.versions[-1].version))
            elif story.versions and story.status == StoryStatus.SUPPRESSED:
                # Off the site: its address says it was removed.
                manifest.stories.pop(story.id, None)
                done.unindexed.append(story.id)
                removed = renderer.page("removed.html", 1, headlines=[])
                self._write(safe_path(out, "stories", f"{story.id}.html"), removed)
                done.published.append((story.id, story.versions[-1].version))
            elif story.versions:
                articles = [m.article for m in story.members]
                options = renderer.options
                section = classify_section(articles, options.sections, options.default_section)
                done.sections.append((story.id, section))
                view = build_story(
                    story.versions,
                    story.members,
                    story.coverage,
                    story.leanings,
                    section,
                    story.storyline_id,
                    story.notes,
                    story.status,
                )
                manifest.stories[story.id] = StoryEntry.from_view(view)
                manifest.redirects.pop(story.id, None)
                done.indexed.append(view)
        options = renderer.options
        entries = list(manifest.stories.values())
        top = pages.ranked(entries, options)[: options.headlines_in_list + 1]
        for view in done.indexed:
            others = [e for e in top if e.id != view.id][: options.headlines_in_list]
            page = renderer.page(
                "story.html",
                1,
                story=view,
                headlines=others,
                headlines_title="Top stories",
                storyline=pages.storyline_of(view.storyline_id, entries),
                timeline=timeline(view),
                canonical=options.absolute(story_path(view.id)),
            )
            self._write(safe_path(out, "stories", f"{view.id}.html"), page)
            self.report.stories_published += 1
            done.published.append((view.id, view.version))
        _save_manifest(out, manifest)
        return done

    def finish(self) -> PublishReport:
        """Write every listing, feed and sitemap; return what the whole run wrote."""
        out, report = self._renderer.options.out_dir, self.report
        _write_listings(self._manifest, self._renderer, self._write)
        _save_manifest(out, self._manifest)
        (out / _UNFINISHED).unlink(missing_ok=True)
        log.info(
            "publish: %d stories, %d redirects, %d files written, %d unchanged, in %s",
            report.stories_published,
            report.redirects_written,
            report.pages_written,
            report.pages_unchanged,
            out,
        )
        return report


_UNFINISHED = ".publishing"  # present while a publish runs; left behind by a killed one


def _sweep_after_a_killed_run(out: Path) -> None:
    """Remove the temporary files a killed publish left, then mark this one as running.

    Files are written to a temporary name and renamed into place, so a killed run
    leaves no half-written page, but it can leave a temporary file; the marker says
    when the (whole-tree) sweep is needed. Publishing runs one at a time (stage lease).
    """
    marker = out / _UNFINISHED
    if marker.exists():
        for leftover in out.rglob(".tmp-*"):
            if leftover.is_file():
                leftover.unlink(missing_ok=True)
    marker.touch()


def _counter(report: PublishReport) -> Callable[[Path, bytes], None]:
    def write(path: Path, data: bytes) -> None:
        if write_if_changed(path, data):
            report.pages_written += 1
        else:
            report.pages_unchanged += 1

    return write


_LISTING_FOLDERS = ("storylines", "outlets", "languages", "archive")  # pages of listings only


def _write_listings(
    manifest: _Manifest, renderer: _Renderer, write: Callable[[Path, bytes], None]
) -> None:
    """Every page made of many stories, feeds, sitemaps, robots.txt, the stylesheet."""
    options = renderer.options
    out = options.out_dir
    entries = list(manifest.stories.values())
    listings = pages.listing_pages(entries, options, renderer.page)
    for name, body in listings.items():
        write(safe_path(out, *name.split("/")), body)
    for folder in _LISTING_FOLDERS:  # a storyline dissolved, an outlet's or day's last story gone
        for path in (out / folder).glob("*.html"):
            if f"{folder}/{path.name}" not in listings:
                path.unlink()
    newest = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)
    in_feeds = newest[: max(options.stories_on_home, feeds.FEED_ITEMS)]
    write(safe_path(out, "feeds", "rss.xml"), feeds.rss(in_feeds, options))
    write(safe_path(out, "feeds", "atom.xml"), feeds.atom(in_feeds, options))
    write(safe_path(out, "feeds", "feed.json"), feeds.json_feed(in_feeds, options))
    listed = sorted(name for name in listings if pages.in_sitemap(name))
    for name, body in feeds.sitemaps(newest, listed, options).items():
        write(out / name, body)
    write(out / "sitemap-news.xml", feeds.news_sitemap(newest, options))
    robots = f"User-agent: *\nAllow: /\nSitemap: {options.absolute('sitemap.xml')}\n"
    write(out / "robots.txt", robots.encode("utf-8"))
    static = resources.files("newsdesk.publish") / "static"
    for item in static.iterdir():
        if item.is_file() and not item.name.startswith("."):
            write(safe_path(out, "static", item.name), item.read_bytes())
