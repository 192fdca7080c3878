"""The records the store returns: listings, members, history lines, mail and cache rows.

Plain frozen dataclasses, read by the stages and the publisher; the protocols that return
them are in ``store.base``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsdesk.models import Article


@dataclass(frozen=True, slots=True)
class StorySummary:
    """What listings need about a story: its latest version and its size."""

    story_id: int
    version: int
    headline: str
    summary: str
    updated_at: datetime
    article_count: int
    outlet_count: int
    section: str = ""
    storyline_id: int | None = None
    position: str = ""
    """Where the story stands in ``latest_stories``: pass it as ``after`` for what follows."""


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An article of a story, with the ids of the articles that republished it.

    ``fetched_at`` is when its document was fetched: a story's time when no outlet gave
    a publication date.
    """

    article: Article
    republished_by: tuple[int, ...] = ()
    fetched_at: datetime | None = None  # when its document was fetched (undated articles)


@dataclass(frozen=True, slots=True)
class VersionLine:
    """One line of a story's history: a version without its text."""

    story_id: int
    version: int
    created_at: datetime
    headline: str
    what_changed: str


@dataclass(frozen=True, slots=True)
class BlockedSource:
    """A source the operator blocked (``newsdesk sources block``), and why."""

    url: str
    note: str
    blocked_at: datetime


@dataclass(frozen=True, slots=True)
class DigestRecord:
    """One day's digest as made, and how sending it went (see migration 0021)."""

    day: str  # YYYY-MM-DD in the site's time zone
    made_at: datetime
    period_start: datetime
    period_end: datetime
    content: str  # the digest's JSON
    send_state: str = "pending"
    attempts: int = 0
    last_attempt_at: datetime | None = None
    last_error: str = ""
    sent_at: datetime | None = None
    message_id: str = ""


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """One spell of an alert condition: when it fired, was told, resolved, was told."""

    id: int
    condition: str
    detail: str
    fired_at: datetime
    fire_sent_at: datetime | None = None
    resolved_at: datetime | None = None
    recovery_sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CachedRobots:
    """A site's robots.txt as last read: ``verdict`` is "rules", "allow_all" or "disallow_all"."""

    verdict: str
    body: str
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class ModelRetry:
    """When a story whose model draft was not used is offered to the model again."""

    story_id: int
    attempts: int  # tries the model answered and whose drafts were rejected
    next_attempt_at: datetime
    reason: str  # why the last try was not used ("timeout", "too_little_left", ...)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching story, with a snippet split into plain and matched parts."""

    story_id: int
    version: int
    headline: str
    snippet: tuple[tuple[str, bool], ...]

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)
