"""The static site: story pages written incrementally, listings, feeds and sitemaps.

Only stories whose latest version is not yet published get their page written
(``Store.stories_to_publish``), with the stories whose section or storyline changed
since, and the other stories of their storylines; a small manifest in the output folder
remembers every published story, so the front page, sections, listings, archive, feeds
and sitemaps are remade each run without reading every story back. A missing or
unreadable manifest (a new or emptied output folder) makes the run publish everything
again. Files are replaced atomically and only when their content changed.

Each story written gets its section here (``classify.section``, saved in the store) and
each source its outlet's leaning (``newsdesk.ratings``). The front page and its sidebar
are ``pages``'s.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from newsdesk.classify.section import classify_section
from newsdesk.models import StoryNote, StoryStatus
from newsdesk.publish import feeds, pages, search
from newsdesk.publish.options import SiteOptions, section_path, story_path
from newsdesk.publish.safe import safe_path
from newsdesk.publish.timeline import full_time, timeline
from newsdesk.publish.views import StoryEntry, StoryView, build_story, outlet_name
from newsdesk.ratings import OutletLeanings
from newsdesk.store.base import Store, StorySummary

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
    env.globals["story_path"] = story_path
    env.globals["section_path"] = section_path
    env.globals["leaning_label"] = pages.leaning_label
    return env


class _Renderer:
    """Renders pages with the context every page shares."""

    def __init__(self, options: SiteOptions, env: jinja2.Environment) -> None:
        self.options = options
        self.env = env

    def page(self, template: str, depth: int, **context: Any) -> bytes:
        text = self.env.get_template(template).render(
            options=self.options, root="../" * depth, **context
        )
        return text.encode("utf-8")


# -- the run ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Known:
    """What a publish run reads once: every written story's row (section, storyline), the
    sources' own leanings and the imported outlet ratings."""

    stories: dict[int, StorySummary]
    leanings: OutletLeanings

    @classmethod
    def read(cls, store: Store) -> _Known:
        return cls(
            stories={s.story_id: s for s in store.latest_stories(limit=2**31 - 1)},
            leanings=OutletLeanings.read(store),
        )

    def changed_since(self, published: Mapping[int, StoryEntry], todo: set[int]) -> set[int]:
        """Published stories whose storyline changed in the store since (a story linked
        or unlinked without being rewritten), and the other stories of every storyline
        that one of those or of ``todo`` is in: their pages list each other."""
        changed = {
            i
            for i, entry in published.items()
            if i in self.stories and self.stories[i].storyline_id != entry.storyline_id
        }
        lines = {
            line
            for i in todo | changed
            for line in (
                self.stories[i].storyline_id if i in self.stories else None,
                published[i].storyline_id if i in published else None,
            )
            if line is not None
        }
        peers = {i for i, s in self.stories.items() if s.storyline_id in lines}
        peers |= {i for i, e in published.items() if e.storyline_id in lines}
        return changed | peers


def publish(store: Store, options: SiteOptions, *, full: bool = False) -> PublishReport:
    """Write the pages of stories not yet published, then every listing, feed and sitemap.

    Args:
        store: the store to read stories from; published versions are marked in it.
        options: where and how to write the site.
        full: publish every story again, whatever was published before.

    Returns:
        What was written.
    """
    out = options.out_dir
    out.mkdir(parents=True, exist_ok=True)
    _sweep_after_a_killed_run(out)
    report = PublishReport()
    manifest = None if full else _load_manifest(out)
    todo = set(store.stories_to_publish())
    known = _Known.read(store)
    if manifest is None:
        report.full_rebuild = True
        manifest = _Manifest(stories={}, redirects={})
        todo |= set(known.stories)
    # Stories merged (or gone) since they were published turn into redirects.
    for story_id in list(manifest.stories) + list(manifest.redirects):
        if store.resolve_story(story_id) != manifest.redirects.get(story_id, story_id):
            todo.add(story_id)
    todo |= known.changed_since(manifest.stories, todo)
    renderer = _Renderer(options, environment())
    counted = _counter(report)
    ordered = sorted(todo)
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        published, indexed = _publish_batch(
            store, batch, manifest, renderer, report, counted, known
        )
        _save_manifest(out, manifest)
        with store.transaction():  # one commit per batch, not one per story
            for view in indexed:
                search.index_story(
                    store, view.id, view.version, view.headline, view.summary.text, view.body_text
                )
            for story_id, version in published:
                store.mark_published(story_id, version)
    _write_listings(manifest, renderer, counted)
    _save_manifest(out, manifest)
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


def _publish_batch(
    store: Store,
    batch: Sequence[int],
    manifest: _Manifest,
    renderer: _Renderer,
    report: PublishReport,
    write: Callable[[Path, bytes], None],
    known: _Known,
) -> tuple[list[tuple[int, int]], list[StoryView]]:
    """Write the pages of ``batch``.

    Returns:
        The (story, version) pairs to mark published, and the views to index for search.
    """
    out = renderer.options.out_dir
    done: list[tuple[int, int]] = []
    views: list[StoryView] = []
    for story_id in batch:
        target = store.resolve_story(story_id)
        versions = store.versions(story_id)
        if target is None:
            manifest.stories.pop(story_id, None)
            manifest.redirects.pop(story_id, None)
            search.remove_story(store, story_id)
            continue
        if target != story_id:
            manifest.stories.pop(story_id, None)
            manifest.redirects[story_id] = target
            search.remove_story(store, story_id)
            page = renderer.page("redirect.html", 1, story_id=story_id, target=target)
            write(safe_path(out, "stories", f"{story_id}.html"), page)
            report.redirects_written += 1
            if versions:
                done.append((story_id, versions[-1].version))
            continue
        if not versions:
            continue
        story = store.story(story_id)
        status = story.status if story else StoryStatus.LIVE
        if status == StoryStatus.SUPPRESSED:  # off the site: its address says it was removed
            manifest.stories.pop(story_id, None)
            search.remove_story(store, story_id)
            removed = renderer.page("removed.html", 1, headlines=[])
            write(safe_path(out, "stories", f"{story_id}.html"), removed)
            done.append((story_id, versions[-1].version))
            continue
        notes = store.story_notes([story_id]).get(story_id, [])
        view = _view(store, story_id, versions, known, renderer.options, notes, status)
        manifest.stories[story_id] = StoryEntry.from_view(view)
        manifest.redirects.pop(story_id, None)
        views.append(view)
    options = renderer.options
    entries = list(manifest.stories.values())
    top = pages.ranked(entries, options)[: options.headlines_in_list + 1]
    for view in views:
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
        write(safe_path(out, "stories", f"{view.id}.html"), page)
        report.stories_published += 1
        done.append((view.id, view.version))
    return done, views


def _view(
    store: Store,
    story_id: int,
    versions: Sequence[Any],
    known: _Known,
    options: SiteOptions,
    notes: Sequence[StoryNote],
    status: StoryStatus,
) -> StoryView:
    """A story's page view, its section classified (and saved when it changed)."""
    members = store.story_members(story_id)
    articles = [m.article for m in members]
    section = classify_section(articles, options.sections, options.default_section)
    summary = known.stories.get(story_id)
    if summary is None or summary.section != section:
        store.set_section(story_id, section)
    leanings = {
        a.id: known.leanings.of(a, outlet_name(a.site_name, a.url))
        for a in articles
        if a.id is not None
    }
    storyline = summary.storyline_id if summary is not None else None
    coverage = _coverage(store, versions)
    return build_story(versions, members, coverage, leanings, section, storyline, notes, status)


def _coverage(store: Store, versions: Sequence[Any]) -> Mapping[str, Any] | None:
    try:
        return store.coverage(versions[-1].story_id, versions[-1].version)
    except ValueError:  # unreadable JSON: publish the story without it
        log.warning("story %s: unreadable coverage, left out", versions[-1].story_id)
        return None


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
