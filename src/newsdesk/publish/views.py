"""What the pages show, built from the store: plain, already-cleaned values.

``build_story`` turns a story's versions, members and coverage into a ``StoryView``:
citation numbers, the Sources list with each outlet's leaning, the coverage timeline and
the update history. ``StoryEntry`` is the small record of a published story that
listings, feeds and sitemaps are made from, kept between runs in the site's manifest.

A story's time is its first report's publication time, and it was last updated at its
latest report's (``story_times``); only when no outlet dates its article are the times
when newsdesk fetched them used, and the story says so (``dated`` is False). The
versions' own times are when newsdesk wrote them: feeds and sitemaps use those, since
they say when the page changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from newsdesk.models import (
    PUBLIC_NOTES,
    VIEW_KINDS,
    VIEW_LABELS,
    Leaning,
    NoteKind,
    Sentence,
    StoryNote,
    StoryStatus,
    StoryVersion,
    VerifyReport,
)
from newsdesk.publish.ranking import blindspot, leaning_counts, sides_of
from newsdesk.publish.safe import clean_text, language_code, safe_url, slugify
from newsdesk.ratings import OutletLeanings
from newsdesk.store.records import StoryMember
from newsdesk.text.urls import host_of

UNKNOWN_OUTLET = "Unknown outlet"
VIEWS_ONLY_LABEL = "Opinion and analysis"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One numbered entry of a story's Sources list."""

    number: int
    article_id: int
    outlet: str
    outlet_slug: str
    title: str
    url: str | None
    published_at: datetime | None
    cited: bool
    republished_by: tuple[str, ...] = ()
    leaning: Leaning | None = None


@dataclass(frozen=True, slots=True)
class Cited:
    """A sentence and the numbers of the sources it cites."""

    text: str
    marks: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PerspectiveLine:
    """One opinion or analysis piece as the Perspectives section tells it, linked."""

    text: str
    url: str | None
    mark: int  # its number in the Sources list


@dataclass(frozen=True, slots=True)
class OutletCoverage:
    """When one outlet published on the story, and what only it reported."""

    name: str
    slug: str
    times: tuple[datetime, ...]
    only_here: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One line of a story's update history: ``as_of`` is its latest report's time."""

    version: int
    created_at: datetime
    headline: str
    what_changed: str
    as_of: datetime | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """An operator's public note on a story: a correction, retraction or restoration."""

    label: str  # "Correction", "Retracted", "Restored"
    text: str
    created_at: datetime

    @property
    def line(self) -> str:
        return f"{self.label}: {self.text}"


NOTICE_LABELS = {
    NoteKind.CORRECTION: "Correction",
    NoteKind.RETRACTION: "Retracted",
    NoteKind.RESTORATION: "Restored",
}


def notices(notes: Sequence[StoryNote]) -> tuple[Notice, ...]:
    """The public notes of a story, newest first, cleaned."""
    return tuple(
        Notice(NOTICE_LABELS[n.kind], clean_text(n.note, limit=2000), _aware(n.created_at))
        for n in reversed(notes)
        if n.kind in PUBLIC_NOTES
    )


@dataclass(frozen=True, slots=True)
class StoryView:
    """Everything a story page shows."""

    id: int
    version: int
    headline: str
    summary: Cited
    paragraphs: tuple[tuple[Cited, ...], ...]
    sources: tuple[SourceRef, ...]
    coverage: tuple[OutletCoverage, ...]
    versions: tuple[VersionInfo, ...]
    report: VerifyReport | None
    published: datetime  # the first report's time (see the module's docstring)
    updated: datetime  # when this version was written
    languages: tuple[str, ...]
    writer: str
    reported: datetime | None = None  # the latest report's time; None: as ``published``
    dated: bool = True  # False: no outlet dated its article; times are fetch times
    section: str = ""
    storyline_id: int | None = None
    status: StoryStatus = StoryStatus.LIVE
    notices: tuple[Notice, ...] = ()  # newest first
    perspectives: tuple[PerspectiveLine, ...] = ()
    views_only: bool = False  # every article is opinion or analysis: labelled, never leads

    @property
    def outlets(self) -> tuple[str, ...]:
        """Distinct outlet names, in Sources order."""
        return tuple(dict.fromkeys(s.outlet for s in self.sources))

    @property
    def last_reported(self) -> datetime:
        return self.reported or self.published

    @property
    def leanings(self) -> dict[str, int]:
        """Outlets per leaning (each outlet once, with its first source's leaning)."""
        first = {s.outlet: s.leaning for s in reversed(self.sources)}
        return leaning_counts(first.values())

    @property
    def blindspot(self) -> str:
        return blindspot(self.leanings)

    @property
    def undated_outlets(self) -> tuple[str, ...]:
        """Outlets none of whose articles here carries a publication date."""
        dated = {s.outlet for s in self.sources if s.published_at}
        return tuple(o for o in self.outlets if o not in dated)

    @property
    def body_text(self) -> str:
        """The body as plain text, for search."""
        return "\n".join(" ".join(s.text for s in p) for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """What listings, feeds and sitemaps need about a published story."""

    id: int
    version: int
    headline: str
    summary: str
    published: datetime
    updated: datetime
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    article_count: int
    urls: tuple[str, ...] = field(default=())  # the sources' links, for JSON-LD and feeds
    reported: datetime | None = None  # the latest report's time; None: as ``published``
    dated: bool = True
    section: str = ""
    leanings: dict[str, int] = field(default_factory=dict)
    storyline_id: int | None = None
    views_only: bool = False  # opinion and analysis only: labelled, never first on the home page

    @property
    def feed_title(self) -> str:
        """The headline as feeds show it: labelled when the story is opinion only."""
        labelled = self.headline.startswith(tuple(f"{label}: " for label in VIEW_LABELS))
        return (
            f"{VIEWS_ONLY_LABEL}: {self.headline}"
            if self.views_only and not labelled
            else self.headline
        )

    @property
    def day(self) -> str:
        """The archive day (UTC) of the first report, ``YYYY-MM-DD``."""
        return self.published.astimezone(UTC).strftime("%Y-%m-%d")

    @property
    def last_reported(self) -> datetime:
        return self.reported or self.published

    @property
    def sides(self) -> int:
        return sides_of(self.leanings)

    @property
    def blindspot(self) -> str:
        return blindspot(self.leanings)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "headline": self.headline,
            "summary": self.summary,
            "published": self.published.isoformat(),
            "updated": self.updated.isoformat(),
            "outlets": list(self.outlets),
            "languages": list(self.languages),
            "article_count": self.article_count,
            "urls": list(self.urls),
            "reported": self.last_reported.isoformat(),
            "dated": self.dated,
            "section": self.section,
            "leanings": dict(self.leanings),
            "storyline_id": self.storyline_id,
            "views_only": self.views_only,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoryEntry:
        return cls(
            id=int(data["id"]),
            version=int(data["version"]),
            headline=str(data["headline"]),
            summary=str(data["summary"]),
            published=_aware(datetime.fromisoformat(data["published"])),
            updated=_aware(datetime.fromisoformat(data["updated"])),
            outlets=tuple(str(o) for o in data["outlets"]),
            languages=tuple(str(x) for x in data["languages"]),
            article_count=int(data["article_count"]),
            urls=tuple(str(u) for u in data.get("urls", ())),
            reported=_aware(datetime.fromisoformat(data["reported"])),
            dated=bool(data["dated"]),
            section=str(data["section"]),
            leanings={str(k): int(v) for k, v in data["leanings"].items()},
            storyline_id=None if data["storyline_id"] is None else int(data["storyline_id"]),
            views_only=bool(data.get("views_only", False)),
        )

    @classmethod
    def from_view(cls, view: StoryView) -> StoryEntry:
        # Listings and feeds show the operator's latest note with the story.
        retracted = view.status == StoryStatus.RETRACTED
        notice = f"{view.notices[0].line} " if view.notices else ""
        return cls(
            id=view.id,
            version=view.version,
            headline=("Retracted: " if retracted else "") + view.headline,
            summary=notice + view.summary.text,
            published=view.published,
            updated=view.updated,
            outlets=view.outlets,
            languages=view.languages,
            article_count=len(view.sources),
            urls=tuple(s.url for s in view.sources if s.url),
            reported=view.last_reported,
            dated=view.dated,
            section=view.section,
            leanings=view.leanings,
            storyline_id=view.storyline_id,
            views_only=view.views_only,
        )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def article_leanings(
    members: Sequence[StoryMember], leanings: OutletLeanings
) -> dict[int, Leaning | None]:
    """Article id -> its outlet's leaning (None: unrated), by the outlet's name as shown."""
    return {
        m.article.id: leanings.of(m.article, outlet_name(m.article.site_name, m.article.url))
        for m in members
        if m.article.id is not None
    }


def outlet_name(site_name: str, url: str) -> str:
    """An article's outlet: its site name, else its host, else a placeholder."""
    return clean_text(site_name, limit=200) or host_of(url) or UNKNOWN_OUTLET


def _parse_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return _aware(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        return _aware(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def _number_sources(
    sentences: Sequence[Sentence],
    members: Sequence[StoryMember],
    leanings: Mapping[int, Leaning | None],
) -> tuple[dict[int, int], tuple[SourceRef, ...]]:
    """Numbers for the members in order of first citation, uncited members last.

    A citation of a republished copy counts for the original it copies.
    """
    alias = {m.article.id: m.article.id for m in members if m.article.id is not None}
    for m in members:
        for copy in m.republished_by:
            alias.setdefault(copy, m.article.id or 0)
    order: dict[int, int] = {}
    for sentence in sentences:
        for cited in sentence.sources:
            original = alias.get(cited)
            if original is not None and original not in order:
                order[original] = len(order) + 1
    cited_ids = set(order)
    for m in members:
        if m.article.id is not None and m.article.id not in order:
            order[m.article.id] = len(order) + 1
    by_id = {m.article.id: m for m in members}
    names = {m.article.id: outlet_name(m.article.site_name, m.article.url) for m in members}
    refs = []
    for article_id, number in order.items():
        member = by_id[article_id]
        article = member.article
        name = names[article_id]
        refs.append(
            SourceRef(
                number=number,
                article_id=article_id,
                outlet=name,
                outlet_slug=slugify(name),
                title=clean_text(article.title, limit=500) or "(untitled)",
                url=safe_url(article.url),
                published_at=_aware(article.published_at) if article.published_at else None,
                cited=article_id in cited_ids,
                republished_by=tuple(str(c) for c in member.republished_by),
                leaning=leanings.get(article_id),
            )
        )
    numbers = {cited: order[original] for cited, original in alias.items() if original in order}
    return numbers, tuple(refs)


def _cite(sentence: Sentence, numbers: Mapping[int, int]) -> Cited:
    marks = sorted({numbers[i] for i in sentence.sources if i in numbers})
    return Cited(text=clean_text(sentence.text), marks=tuple(marks))


def _coverage(
    coverage: Mapping[str, Any] | None, sources: Sequence[SourceRef]
) -> tuple[OutletCoverage, ...]:
    """Outlets with their publication times: the writer's coverage when usable, else ours."""
    outlets: dict[str, OutletCoverage] = {}
    raw = coverage.get("outlets") if isinstance(coverage, Mapping) else None
    if isinstance(raw, list):
        for item in raw:
            if not isinstance(item, Mapping):
                continue
            name = clean_text(item.get("name"), limit=200) or UNKNOWN_OUTLET
            articles = item.get("articles")
            times = [
                t
                for a in (articles if isinstance(articles, list) else [])
                if isinstance(a, Mapping) and (t := _parse_time(a.get("published_at")))
            ]
            only = item.get("only_here")
            only_here = tuple(
                clean_text(x, limit=600)
                for x in (only if isinstance(only, list) else [])
                if isinstance(x, str) and clean_text(x)
            )
            outlets[name] = OutletCoverage(name, slugify(name), tuple(sorted(times)), only_here)
    if not outlets:
        grouped: dict[str, list[datetime]] = {}
        for s in sources:
            grouped.setdefault(s.outlet, [])
            if s.published_at:
                grouped[s.outlet].append(s.published_at)
        outlets = {
            name: OutletCoverage(name, slugify(name), tuple(sorted(times)))
            for name, times in grouped.items()
        }
    return tuple(sorted(outlets.values(), key=lambda o: (o.times[:1] or (_FAR,), o.name)))


_FAR = datetime.max.replace(tzinfo=UTC)


def story_times(members: Sequence[StoryMember]) -> tuple[datetime, datetime, bool] | None:
    """A story's (first report, latest report, dated) from its articles.

    Publication dates when any article has one; else the times the articles were
    fetched, with ``dated`` False; None when neither is known.
    """
    dated = [_aware(m.article.published_at) for m in members if m.article.published_at]
    if dated:
        return min(dated), max(dated), True
    fetched = [_aware(m.fetched_at) for m in members if m.fetched_at]
    return (min(fetched), max(fetched), False) if fetched else None


def build_story(
    versions: Sequence[StoryVersion],
    members: Sequence[StoryMember],
    coverage: Mapping[str, Any] | None,
    leanings: Mapping[int, Leaning | None] | None = None,
    section: str = "",
    storyline_id: int | None = None,
    notes: Sequence[StoryNote] = (),
    status: StoryStatus = StoryStatus.LIVE,
) -> StoryView:
    """The page view of a story's latest version.

    Args:
        versions: every version of the story, oldest first (at least one).
        members: the story's articles (originals, with their republishers).
        coverage: the latest version's coverage JSON, or None.
        leanings: article id -> its outlet's leaning (``newsdesk.ratings``).
        section: the story's section.
        storyline_id: the storyline it belongs to, if any.
        notes: the operator's notes on it, oldest first (only public ones are shown).
        status: live or retracted (a suppressed story has no page).

    Returns:
        The view, with every source string cleaned and every link checked.
    """
    latest = versions[-1]
    draft = latest.draft
    lines = [Sentence(p.text, (p.article_id,)) for p in draft.perspectives]
    numbers, sources = _number_sources((*draft.sentences(), *lines), members, leanings or {})
    urls = {s.article_id: s.url for s in sources}
    languages = sorted({language_code(m.article.language) for m in members} - {"und"})
    times = story_times(members)
    first, last, dated = times or (_aware(versions[0].created_at), _aware(latest.created_at), False)
    reported_at = {
        m.article.id: _aware(when)
        for m in members
        if (when := m.article.published_at or m.fetched_at) is not None
    }

    def as_of(version: StoryVersion) -> datetime | None:
        known = [reported_at[i] for i in version.article_ids if i in reported_at]
        return max(known) if known else None

    history = tuple(
        VersionInfo(
            version=v.version,
            created_at=_aware(v.created_at),
            headline=clean_text(v.draft.headline, limit=500),
            what_changed=clean_text(v.what_changed, limit=2000)
            or ("First version" if v.version == versions[0].version else "Rewritten"),
            as_of=as_of(v),
        )
        for v in reversed(versions)
    )
    return StoryView(
        id=latest.story_id,
        version=latest.version,
        headline=clean_text(draft.headline, limit=500) or "(untitled story)",
        summary=_cite(draft.summary, numbers),
        paragraphs=tuple(
            tuple(_cite(s, numbers) for s in p if clean_text(s.text)) for p in draft.paragraphs
        ),
        sources=sources,
        coverage=_coverage(coverage, sources),
        versions=history,
        report=latest.report,
        published=first,
        updated=_aware(latest.created_at),
        languages=tuple(languages),
        writer=clean_text(draft.writer, limit=50),
        reported=last,
        dated=dated,
        section=clean_text(section, limit=100),
        storyline_id=storyline_id,
        status=status,
        notices=notices(notes),
        perspectives=tuple(
            PerspectiveLine(clean_text(p.text), urls.get(p.article_id), numbers[p.article_id])
            for p in draft.perspectives
            if p.article_id in numbers and clean_text(p.text)
        ),
        views_only=bool(members) and all(m.article.kind in VIEW_KINDS for m in members),
    )
