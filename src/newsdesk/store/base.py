"""The Store interface every backend satisfies, and the JSON codecs for stored drafts.

The pipeline talks only to this Protocol. Each stage finds its pending work through the
store (raw documents not yet extracted, articles not yet deduplicated or clustered,
stories that need writing), so a second run on the same input does nothing new.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from newsdesk.models import (
    Article,
    Draft,
    FetchState,
    RawDocument,
    RunReport,
    Sentence,
    Source,
    SourceHealth,
    StoryVersion,
    VerifyReport,
)


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


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An article of a story, with the ids of the articles that republished it."""

    article: Article
    republished_by: tuple[int, ...] = ()


class Store(Protocol):
    """Persistent state of newsdesk. Implementations: SQLiteStore, PostgresStore."""

    shared: bool
    """True when several workers may use the store at once (PostgreSQL): take work by claims."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes; everything inside commits together or not at all."""
        ...

    def close(self) -> None: ...

    # sources
    def upsert_source(self, source: Source) -> int: ...
    def list_sources(self) -> list[Source]: ...
    def add_source(self, source: Source) -> int:
        """Add a source that the CLI manages (`sources add`, OPML import); returns its id.

        Unlike a config source, it is read by every run until `sources remove` removes it.
        """
        ...

    def managed_sources(self) -> list[Source]:
        """The sources added through the CLI, in the order they were added."""
        ...

    def remove_source(self, url: str) -> bool:
        """Forget a source (its documents stay); False when there was none."""
        ...

    def retire_source(self, source_id: int, at: datetime) -> None:
        """Mark a source gone (HTTP 410): no run reads it again."""
        ...

    # fetch state and source health, for the fetcher
    def fetch_state(self, url: str) -> FetchState | None: ...
    def save_fetch_state(self, state: FetchState) -> None: ...
    def source_health(self, source_id: int) -> SourceHealth:
        """The source's health; an empty record when it was never read."""
        ...

    def save_source_health(self, health: SourceHealth) -> None:
        """Store ``health`` (its ``retired_at`` is ignored: see ``retire_source``)."""
        ...

    # raw documents
    def add_raw(self, doc: RawDocument) -> tuple[int, bool]:
        """Store a document; returns (id, changed). Unchanged content is not stored again."""
        ...

    def has_raw(self, key: str) -> bool: ...
    def pending_raw(self, limit: int = 500) -> list[RawDocument]: ...
    def mark_extracted(self, raw_id: int, error: str | None = None) -> None: ...

    # work claiming, for several workers sharing one store
    def claim_raw(self, worker: str, limit: int = 200, lease: timedelta = ...) -> list[RawDocument]:
        """Lease pending documents to ``worker``; ``mark_extracted`` releases each."""
        ...

    def claim_stories(self, worker: str, limit: int = 50, lease: timedelta = ...) -> list[int]:
        """Lease stories to write to ``worker``; ``save_version``/``skip_writing`` release."""
        ...

    def release_claims(self, worker: str) -> int: ...
    def acquire_lease(self, name: str, worker: str, lease: timedelta = ...) -> bool:
        """Take or renew a stage-wide lease (dedupe, cluster); True when held."""
        ...

    def release_lease(self, name: str, worker: str) -> None: ...

    # articles
    def save_article(self, article: Article) -> int:
        """Insert or update the article of ``article.raw_id``; returns its id."""
        ...

    def article_by_url(self, url: str) -> Article | None: ...
    def articles(self, ids: Sequence[int]) -> list[Article]: ...
    def pending_dedupe(self) -> list[Article]: ...
    def recent_articles(self, since: datetime | None, limit: int = 20000) -> list[Article]: ...
    def mark_duplicate(self, article_id: int, duplicate_of: int | None) -> None: ...
    def duplicate_of(self, article_id: int) -> int | None: ...
    def pending_cluster(self) -> list[Article]: ...

    # stories
    def create_story(self, at: datetime) -> int: ...
    def add_to_story(
        self, story_id: int, article_id: int, at: datetime, rewrite: bool = True
    ) -> None:
        """Put an article in a story; ``rewrite`` marks the story for writing again."""

    def merge_stories(self, into: int, others: Sequence[int], at: datetime) -> None: ...
    def story_of(self, article_id: int) -> int | None: ...
    def resolve_story(self, story_id: int) -> int | None:
        """Follow merge redirects; None when there is no such story."""
        ...

    def open_stories(self, since: datetime) -> list[tuple[int, list[Article]]]: ...
    def stories_to_write(self) -> list[int]: ...
    def skip_writing(self, story_id: int) -> None: ...
    def story_members(self, story_id: int) -> list[StoryMember]: ...
    def save_version(self, version: StoryVersion, coverage: dict[str, Any] | None) -> None: ...
    def versions(self, story_id: int) -> list[StoryVersion]: ...
    def coverage(self, story_id: int, version: int) -> dict[str, Any] | None: ...
    def latest_stories(self, limit: int = 30) -> list[StorySummary]: ...
    def stories_to_publish(self) -> list[int]: ...
    def mark_published(self, story_id: int, version: int) -> None: ...

    # runs and small state
    def start_run(self, report: RunReport) -> int: ...
    def finish_run(self, report: RunReport) -> None: ...
    def record_item_error(
        self, run_id: int | None, stage: str, item: str, reason: str, detail: str = ""
    ) -> None: ...
    def runs(self, limit: int = 20) -> list[RunReport]: ...
    def embeddings(self, model: str, article_ids: Sequence[int]) -> dict[int, bytes]:
        """Stored embeddings of ``model`` for these articles (those it has), by id."""
        ...

    def save_embeddings(self, model: str, vectors: Mapping[int, bytes]) -> None:
        """Keep article embeddings of ``model`` (article id -> float32 bytes)."""
        ...

    def get_state(self, key: str) -> str | None: ...
    def put_state(self, key: str, value: str) -> None: ...
    def update_state(self, key: str, change: Callable[[str | None], str]) -> str:
        """Replace a state value by ``change(current)`` atomically; returns the new value.

        Other workers that update the same key at the same time wait, so no update is lost.
        """
        ...

    def counts(self) -> dict[str, int]: ...
    def queue_depths(self) -> dict[str, int]: ...
    def integrity_problems(self) -> list[str]: ...


def draft_to_json(draft: Draft) -> str:
    return json.dumps(asdict(draft), ensure_ascii=False)


def draft_from_json(text: str) -> Draft:
    data = json.loads(text)

    def sentence(d: dict[str, Any]) -> Sentence:
        return Sentence(text=d["text"], sources=tuple(d["sources"]))

    return Draft(
        headline=data["headline"],
        summary=sentence(data["summary"]),
        paragraphs=tuple(tuple(sentence(s) for s in p) for p in data["paragraphs"]),
        writer=data.get("writer", "extractive"),
    )


def report_to_json(report: VerifyReport | None) -> str | None:
    return None if report is None else json.dumps(asdict(report), ensure_ascii=False)


def report_from_json(text: str | None) -> VerifyReport | None:
    if not text:
        return None
    data = json.loads(text)
    return VerifyReport(
        checked_claims=data["checked_claims"],
        supported_claims=data["supported_claims"],
        dropped=tuple(data.get("dropped", ())),
        fell_back=bool(data.get("fell_back", False)),
        notes=tuple(data.get("notes", ())),
    )


def chunks(items: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    """Split ids for IN (...) queries, which have a bound on parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
