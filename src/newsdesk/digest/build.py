"""What a digest holds: the period's top stories by importance, by section, and the notes.

A digest is made from the story records (``publish.record``), read a page at a time and
kept to the ``limit`` most important, so a period of any size needs little memory. Its
JSON (``Digest.to_json``) is what the store keeps: a digest is rendered again from it,
never rebuilt, so a retried send sends what was first made.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsdesk.config import Config, default
from newsdesk.errors import ConfigError
from newsdesk.models import PUBLIC_NOTES, VIEW_KINDS, Leaning, StoryStatus
from newsdesk.publish.options import SiteOptions, story_path
from newsdesk.publish.ranking import front_page_order, leaning_counts, rank_key
from newsdesk.publish.record import outlets_of, story_records
from newsdesk.publish.safe import clean_text
from newsdesk.store.base import Store

UNSECTIONED = "Top stories"
SUMMARY_SENTENCES = 2
SEND_AT = time.fromisoformat(default("digest.time"))


@dataclass(frozen=True, slots=True)
class DigestOptions:
    """What a digest is made of and when `watch` makes it.

    Example: ``DigestOptions(site=SiteOptions(out_dir=Path("site")), stories=8)``
    """

    site: SiteOptions
    time_zone: str = default("site.time_zone")
    send_at: time = SEND_AT
    stories: int = default("digest.stories")
    recipients: tuple[str, ...] = default("digest.recipients")
    retry: timedelta = timedelta(minutes=default("digest.retry_minutes"))
    attempts: int = default("digest.attempts")

    @classmethod
    def from_config(cls, config: Config) -> DigestOptions:
        """The ``digest.*`` settings and the site's; a bad time or zone is a ConfigError."""
        zone = str(config.get("site.time_zone"))
        zone_of(zone)
        text = str(config.get("digest.time"))
        try:
            send_at = time.fromisoformat(text)
        except ValueError:
            raise ConfigError(f"digest.time {text!r} is not a time of day (HH:MM)") from None
        stories = int(config.get("digest.stories"))
        if stories < 1:
            raise ConfigError("digest.stories must be at least 1")
        return cls(
            site=SiteOptions.from_config(config),
            time_zone=zone,
            send_at=send_at,
            stories=stories,
            recipients=recipients_of([str(r) for r in config.get("digest.recipients")]),
            retry=timedelta(minutes=float(config.get("digest.retry_minutes"))),
            attempts=max(1, int(config.get("digest.attempts"))),
        )

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.time_zone)

    def day_of(self, when: datetime) -> str:
        """The date, in the site's time zone, of ``when`` (YYYY-MM-DD)."""
        return when.astimezone(self.zone).date().isoformat()

    def due_at(self, day: str) -> datetime:
        """When the digest of ``day`` is due, in UTC."""
        local = datetime.combine(datetime.fromisoformat(day).date(), self.send_at, tzinfo=self.zone)
        return local.astimezone(UTC)


def zone_of(name: str) -> ZoneInfo:
    """The time zone called ``name``; ConfigError when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"site.time_zone {name!r} is not a time zone (an IANA name such as 'Europe/Paris')"
        ) from None


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One story in a digest."""

    story_id: int
    headline: str
    summary: tuple[str, ...]  # its first sentences
    outlets: int
    leanings: tuple[tuple[str, int], ...]  # (leaning or "unrated", outlets), left to right
    url: str
    updated_at: datetime
    notes: tuple[str, ...] = ()  # its public notes ("Correction: ...")

    @property
    def leaning_text(self) -> str:
        """ "2 left · 1 center · 1 unrated", or "leanings not rated"."""
        if all(name == "unrated" for name, _ in self.leanings):
            return "leanings not rated"
        return " · ".join(f"{n} {name}" for name, n in self.leanings)


@dataclass(frozen=True, slots=True)
class DigestNote:
    """A correction, retraction or restoration made in the period."""

    story_id: int
    headline: str
    kind: str
    note: str
    url: str


@dataclass(frozen=True, slots=True)
class Digest:
    """One period's briefing."""

    day: str
    title: str
    period_start: datetime
    period_end: datetime
    sections: tuple[tuple[str, tuple[DigestItem, ...]], ...]
    notes: tuple[DigestNote, ...]
    site_url: str
    time_zone: str = "UTC"

    @property
    def items(self) -> tuple[DigestItem, ...]:
        return tuple(item for _, items in self.sections for item in items)

    @property
    def empty(self) -> bool:
        return not self.sections and not self.notes

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "title": self.title,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "site_url": self.site_url,
            "time_zone": self.time_zone,
            "sections": [
                {
                    "name": name,
                    "items": [
                        {
                            "story_id": i.story_id,
                            "headline": i.headline,
                            "summary": list(i.summary),
                            "outlets": i.outlets,
                            "leanings": [list(pair) for pair in i.leanings],
                            "url": i.url,
                            "updated_at": i.updated_at.isoformat(),
                            "notes": list(i.notes),
                        }
                        for i in items
                    ],
                }
                for name, items in self.sections
            ],
            "notes": [
                {
                    "story_id": n.story_id,
                    "headline": n.headline,
                    "kind": n.kind,
                    "note": n.note,
                    "url": n.url,
                }
                for n in self.notes
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Digest:
        return cls(
            day=str(data["day"]),
            title=str(data["title"]),
            period_start=datetime.fromisoformat(data["period_start"]),
            period_end=datetime.fromisoformat(data["period_end"]),
            site_url=str(data["site_url"]),
            time_zone=str(data.get("time_zone", "UTC")),
            sections=tuple(
                (
                    str(section["name"]),
                    tuple(
                        DigestItem(
                            story_id=int(i["story_id"]),
                            headline=str(i["headline"]),
                            summary=tuple(str(s) for s in i["summary"]),
                            outlets=int(i["outlets"]),
                            leanings=tuple((str(k), int(v)) for k, v in i["leanings"]),
                            url=str(i["url"]),
                            updated_at=datetime.fromisoformat(i["updated_at"]),
                            notes=tuple(str(n) for n in i.get("notes", ())),
                        )
                        for i in section["items"]
                    ),
                )
                for section in data["sections"]
            ),
            notes=tuple(
                DigestNote(
                    story_id=int(n["story_id"]),
                    headline=str(n["headline"]),
                    kind=str(n["kind"]),
                    note=str(n["note"]),
                    url=str(n["url"]),
                )
                for n in data["notes"]
            ),
        )


@dataclass(frozen=True, slots=True)
class RankedRecord:
    """What the front page's ranking reads of a story (``ranking.Ranked``), from its record."""

    id: int
    outlets: tuple[str, ...]
    leanings: Mapping[str, int]
    published: datetime
    last_reported: datetime
    views_only: bool


def ranked_record(record: Mapping[str, Any]) -> RankedRecord:
    """A story record as the front page ranks it (``publish.ranking``): its outlets, their
    leanings, its first and latest reports' times, and whether it is opinion alone."""
    outlets = outlets_of(record)
    first = datetime.fromisoformat(record["published_at"])
    dated = [
        datetime.fromisoformat(a["published_at"]) for a in record["articles"] if a["published_at"]
    ]
    kinds = [a["kind"] for a in record["articles"]]
    return RankedRecord(
        id=int(record["id"]),
        outlets=tuple(outlets),
        leanings=_leanings(outlets),
        published=first,
        last_reported=max([first, *dated]),
        views_only=bool(kinds) and all(k in VIEW_KINDS for k in kinds),
    )


def _leanings(outlets: Mapping[str, str | None]) -> dict[str, int]:
    return leaning_counts(Leaning(x) if x else None for x in outlets.values())


def _item(record: Mapping[str, Any]) -> DigestItem:
    outlets = outlets_of(record)
    prefix = {"correction": "Correction", "retraction": "Retracted", "restoration": "Restored"}
    return DigestItem(
        story_id=int(record["id"]),
        headline=record["headline"],
        summary=tuple(s["text"] for s in record["sentences"][:SUMMARY_SENTENCES]),
        outlets=len(outlets),
        leanings=tuple(_leanings(outlets).items()),
        url=record["url"],
        updated_at=datetime.fromisoformat(record["updated_at"]),
        notes=tuple(f"{prefix[n['kind']]}: {n['note']}" for n in record["notes"]),
    )


def build_digest(
    store: Store,
    options: DigestOptions,
    since: datetime,
    now: datetime | None = None,
) -> Digest:
    """The digest of the stories updated between ``since`` and ``now``.

    Args:
        store: the store.
        options: how many stories, the site, its time zone.
        since: the period's start.
        now: the period's end (and the digest's day); the current time when None.

    Returns:
        The top ``options.stories`` live stories in the front page's order
        (``ranking.front_page_order``: ties alike, opinion alone never first), grouped by
        section (sections in the order of their best story), and the period's public notes.
    """
    now = now or datetime.now(UTC)
    half_life = options.site.half_life_hours
    # The top stories by the front page's key, and the best news story (not opinion
    # alone), which leads when the top ones are all opinion: front_page_order's rule.
    best: list[tuple[tuple[bool, float, datetime, int], RankedRecord, DigestItem, str]] = []
    news: tuple[tuple[bool, float, datetime, int], RankedRecord, DigestItem, str] | None = None
    for record in story_records(store, options.site, since):
        if record["status"] != StoryStatus.LIVE or not record["sentences"]:
            continue
        ranked = ranked_record(record)
        key = rank_key(ranked, now, half_life)
        top = len(best) < options.stories or key > best[0][0]
        better_news = not ranked.views_only and (news is None or key > news[0])
        if not (top or better_news):
            continue
        entry = (key, ranked, _item(record), record["section"] or "")
        if top and len(best) < options.stories:
            heapq.heappush(best, entry)
        elif top:
            heapq.heapreplace(best, entry)
        if better_news:
            news = entry
    kept = {e[1].id: e for e in best}
    if news is not None:
        kept[news[1].id] = news
    order = front_page_order([e[1] for e in kept.values()], now, half_life)
    ordered = [kept[r.id] for r in order[: options.stories]]
    sections: dict[str, list[DigestItem]] = {}
    for _, _, item, section in ordered:
        sections.setdefault(section, []).append(item)
    named = [s for s in sections if s]
    labels = {"": "More stories" if named else UNSECTIONED}
    return Digest(
        day=options.day_of(now),
        title=options.site.title,
        period_start=since,
        period_end=now,
        sections=tuple((labels.get(k, k), tuple(v)) for k, v in sections.items()),
        notes=_notes(store, options.site, since),
        site_url=options.site.root_url,
        time_zone=options.time_zone,
    )


def _notes(store: Store, site: SiteOptions, since: datetime) -> tuple[DigestNote, ...]:
    notes = [n for n in store.notes_since(since) if n.kind in PUBLIC_NOTES]
    ids = list(dict.fromkeys(n.story_id for n in notes))
    versions = store.latest_versions(ids)
    shown = {
        s.id for s in (store.story(i) for i in ids) if s and s.status != StoryStatus.SUPPRESSED
    }
    return tuple(
        DigestNote(
            story_id=n.story_id,
            headline=clean_text(versions[n.story_id].draft.headline, limit=500),
            kind=n.kind.value,
            note=clean_text(n.note, limit=2000),
            url=site.absolute(story_path(n.story_id)),
        )
        for n in notes
        if n.story_id in shown and n.story_id in versions
    )


def recipients_of(values: Sequence[str]) -> tuple[str, ...]:
    """Addresses, trimmed, without empties or repeats."""
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
