"""The store's interfaces: six small protocols, search, and ``Store`` that combines them.

The pipeline talks only to these Protocols. Each stage finds its pending work through the
store (raw documents not yet extracted, articles not yet deduplicated or clustered,
stories that need writing), so a second run on the same input does nothing new. A caller
that needs one part asks for that part (``CacheStore``, ``SearchIndex``); ``Store`` is
every part at once. The tables and migrations are described in docs/decisions/store.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from newsdesk.models import (
    Article,
    ClusterWindowRows,
    FetchState,
    Leaning,
    RawDocument,
    RunReport,
    Source,
    SourceHealth,
    Story,
    StoryNote,
    StoryStatus,
    StoryVersion,
)
from newsdesk.store.records import (
    AlertRecord,
    BlockedSource,
    CachedRobots,
    DigestRecord,
    ModelRetry,
    SearchHit,
    StoryMember,
    StorySummary,
    VersionLine,
)

DEFAULT_LEASE = timedelta(minutes=10)


class SourceStore(Protocol):
    """Sources, and what the fetcher remembers about them."""

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

    def save_outlet_ratings(self, ratings: Mapping[str, tuple[str, Leaning]]) -> None:
        """Keep outlets' leanings: rating key ("domain:nytimes.com", "name:new york
        times"; see ``newsdesk.ratings``) -> (the outlet as the file named it, leaning)."""
        ...

    def outlet_ratings(self) -> dict[str, Leaning]:
        """Every imported outlet leaning, by rating key."""
        ...

    def fetch_state(self, url: str) -> FetchState | None: ...
    def save_fetch_state(self, state: FetchState) -> None: ...
    def source_health(self, source_id: int) -> SourceHealth:
        """The source's health; an empty record when it was never read."""
        ...

    def save_source_health(self, health: SourceHealth) -> None:
        """Store ``health`` (its ``retired_at`` is ignored: see ``retire_source``)."""
        ...


class DocumentStore(Protocol):
    """Raw documents as served, the articles extracted from them, and duplicates."""

    def add_raw(self, doc: RawDocument) -> tuple[int, bool]:
        """Store a document; returns (id, changed). Unchanged content is not stored again."""
        ...

    def has_raw(self, key: str) -> bool: ...
    def known_raw(self, keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` that have a stored document (one query per 500 keys)."""
        ...

    def raw_with_articles(self, raw_ids: Sequence[int]) -> set[int]:
        """Those of ``raw_ids`` whose document has an article already: saving one again
        updates that article and marks its story for writing."""
        ...

    def pending_raw(self, limit: int = 500) -> list[RawDocument]: ...
    def mark_extracted(self, raw_id: int, error: str | None = None) -> None: ...
    def save_article(self, article: Article) -> int:
        """Insert or update the article of ``article.raw_id``; returns its id."""
        ...

    def article_by_url(self, url: str) -> Article | None: ...
    def articles(self, ids: Sequence[int]) -> list[Article]: ...
    def pending_dedupe(self) -> list[Article]: ...
    def recent_articles(self, since: datetime | None, limit: int = 20000) -> list[Article]: ...
    def mark_duplicate(self, article_id: int, duplicate_of: int | None) -> None: ...
    def duplicate_of(self, article_id: int) -> int | None: ...
    def duplicates_of(self, article_ids: Sequence[int]) -> dict[int, int]:
        """Each of ``article_ids`` that is a copy -> the article it copies."""
        ...

    def pending_cluster(self) -> list[Article]: ...


class StoryStore(Protocol):
    """Stories (groups of articles), their merges, versions and publication marks."""

    def create_story(self, at: datetime) -> int: ...
    def add_to_story(
        self, story_id: int, article_id: int, at: datetime, rewrite: bool = True
    ) -> None:
        """Put an article in a story; ``rewrite`` marks the story for writing again."""

    def merge_stories(self, into: int, others: Sequence[int], at: datetime) -> None:
        """Merge ``others`` into ``into`` (one transaction): their articles move, each
        leaves a redirect, and ``into`` takes their storylines (joined into its own when
        it has one; a storyline left with one story is dissolved)."""
        ...

    def story_of(self, article_id: int) -> int | None: ...
    def stories_of(self, article_ids: Sequence[int]) -> dict[int, int]:
        """``story_of`` of several articles at once (articles in no story left out)."""
        ...

    def resolve_story(self, story_id: int) -> int | None:
        """Follow merge redirects; None when there is no such story."""
        ...

    def resolve_stories(self, story_ids: Sequence[int]) -> dict[int, int]:
        """``resolve_story`` of several stories at once (unknown ids left out)."""
        ...

    def open_stories(self, since: datetime) -> list[tuple[int, list[Article]]]: ...
    def open_story_times(self, since: datetime) -> dict[int, datetime]:
        """Unmerged stories whose last article is at or after ``since`` -> that time."""
        ...

    def stories_not_live(self, story_ids: Sequence[int]) -> set[int]:
        """Those of ``story_ids`` that an operator retracted or suppressed."""
        ...

    def stories_to_write(self) -> list[int]: ...
    def skip_writing(self, story_id: int) -> None: ...
    def story_members(self, story_id: int) -> list[StoryMember]: ...
    def save_version(self, version: StoryVersion, coverage: dict[str, Any] | None) -> None: ...
    def versions(self, story_id: int) -> list[StoryVersion]: ...
    def versions_of(self, story_ids: Sequence[int]) -> dict[int, list[StoryVersion]]:
        """``versions`` of several stories at once (stories without versions left out)."""
        ...

    def coverage(self, story_id: int, version: int) -> dict[str, Any] | None: ...
    def coverages(self, versions: Mapping[int, int]) -> dict[int, dict[str, Any]]:
        """``coverage`` of one version of each of several stories (story -> version).

        Stories whose version has no coverage are left out, and so are those whose
        coverage cannot be read (each logged): their pages are published without it.
        """
        ...

    def latest_stories(self, limit: int = 30, after: str | None = None) -> list[StorySummary]:
        """Unmerged stories with a version, the one with the newest article first.

        ``after`` is the ``position`` of a summary an earlier call returned: the list then
        starts with the story that came next, so paging never skips or repeats a story
        that stays in place while new ones arrive.

        Raises:
            BadCursorError: ``after`` is not such a position.
        """
        ...

    def stories_to_publish(self) -> list[int]: ...
    def mark_published(self, story_id: int, version: int) -> None: ...
    def hold_stories(self, story_ids: Sequence[int]) -> set[int]:
        """Lock the rows of those of ``story_ids`` that no other transaction holds, until
        the caller's transaction ends; returns them (every one that exists, on an engine
        with one writer). A caller that then changes only those never waits for a row
        while holding another, so it is in no deadlock (docs/decisions/store.md)."""
        ...

    def story(self, story_id: int) -> Story | None:
        """The story's row and member ids (duplicates included); None when there is none."""
        ...

    def stories_by_id(self, story_ids: Sequence[int]) -> dict[int, Story]:
        """``story`` of several stories at once (unknown ids left out)."""
        ...

    def set_section(self, story_id: int, section: str) -> None: ...
    def create_storyline(self, at: datetime) -> int: ...
    def set_storyline(self, story_id: int, storyline_id: int | None) -> None:
        """Link a story into a storyline (None: out of any)."""
        ...

    def join_storyline(self, story_id: int, follows: int, at: datetime) -> int:
        """Put ``story_id`` in the storyline of the earlier story ``follows`` (opening one
        for that story when it is in none); returns the storyline's id."""
        ...

    def page_changes(self) -> tuple[set[int], list[int]]:
        """Stories whose page changed with no new version (merged, storyline changed),
        and the rows read, for ``clear_page_changes`` once their pages are written."""
        ...

    def clear_page_changes(self, read: Sequence[int]) -> None: ...
    def written_stories(self) -> list[int]:
        """Every story with a version, merged and suppressed ones too (a full rebuild)."""
        ...

    def storylines_of(self, story_ids: Sequence[int]) -> dict[int, int | None]:
        """Each story's storyline (None: in none); unknown ids left out."""
        ...

    def storyline_members(self, storyline_ids: Sequence[int]) -> dict[int, int | None]:
        """The stories ``latest_stories`` lists in these storylines, with their storylines."""
        ...

    def storyline_stories(self, storyline_id: int) -> list[int]:
        """The unmerged stories of a storyline in the order their events happened: by
        first report (the earliest publication time of their articles, else the earliest
        fetch time), ties by id."""
        ...

    def stories_page(self, after: int, limit: int, since: datetime | None = None) -> list[Story]:
        """Stories to export, by id after ``after``: unmerged, not suppressed, written.

        With ``since``, only those whose latest version was written at or after it.
        """
        ...

    def latest_versions(self, story_ids: Sequence[int]) -> dict[int, StoryVersion]:
        """The latest version of each of these stories that has one."""
        ...

    def members_of(self, story_ids: Sequence[int]) -> dict[int, list[StoryMember]]:
        """``story_members`` of several stories at once (stories without members left out)."""
        ...

    def version_lines(self, story_ids: Sequence[int]) -> dict[int, list[VersionLine]]:
        """Each story's versions without their text, oldest first."""
        ...

    def last_version_at(self) -> datetime | None:
        """When the newest story version was written; None before the first."""
        ...


class RunStore(Protocol):
    """Run history, work claims and stage leases for several workers, and store health."""

    def start_run(self, report: RunReport) -> int: ...
    def finish_run(self, report: RunReport) -> None: ...
    def record_item_error(
        self, run_id: int | None, stage: str, item: str, reason: str, detail: str = ""
    ) -> None: ...
    def runs(self, limit: int = 20) -> list[RunReport]: ...
    def claim_raw(
        self, worker: str, limit: int = 200, lease: timedelta = DEFAULT_LEASE
    ) -> list[RawDocument]:
        """Lease pending documents to ``worker``; ``mark_extracted`` releases each."""
        ...

    def claim_stories(
        self, worker: str, limit: int = 50, lease: timedelta = DEFAULT_LEASE
    ) -> list[int]:
        """Lease stories to write to ``worker``; ``save_version``/``skip_writing`` release."""
        ...

    def release_claims(self, worker: str) -> int: ...
    def acquire_lease(self, name: str, worker: str, lease: timedelta = DEFAULT_LEASE) -> bool:
        """Take or renew a stage-wide lease (dedupe, cluster); True when held."""
        ...

    def release_lease(self, name: str, worker: str) -> None: ...
    def counts(self) -> dict[str, int]: ...
    def queue_depths(self) -> dict[str, int]: ...
    def integrity_problems(self) -> list[str]: ...


class ControlStore(Protocol):
    """The operator's controls: story notes and statuses, blocked sources."""

    def add_story_note(
        self, note: StoryNote, status: StoryStatus, version: StoryVersion | None = None
    ) -> None:
        """Record ``note``, set the story's status and add ``version`` (a correction's or
        retraction's copy of the text), all at once; the story is published again."""
        ...

    def story_notes(self, story_ids: Sequence[int]) -> dict[int, list[StoryNote]]:
        """Each story's notes, oldest first."""
        ...

    def notes_since(self, since: datetime) -> list[StoryNote]:
        """Every note written at or after ``since``, oldest first."""
        ...

    def block_source(self, url: str, note: str, at: datetime) -> bool:
        """Stop every run reading the source at ``url``; False when there is none."""
        ...

    def unblock_source(self, url: str) -> bool:
        """Read the source again; False when it was not blocked."""
        ...

    def blocked_sources(self) -> list[BlockedSource]: ...


class MailStore(Protocol):
    """What went out by e-mail: daily digests and their sending, alerts and recoveries."""

    def save_digest(self, record: DigestRecord) -> bool:
        """Keep a new day's digest; False (and nothing changed) when the day has one."""
        ...

    def digest(self, day: str) -> DigestRecord | None: ...
    def digests(self, limit: int = 30) -> list[DigestRecord]:
        """The latest digests, newest day first."""
        ...

    def start_digest_send(self, day: str, at: datetime, states: Sequence[str]) -> bool:
        """Mark the day's digest 'sending' (one attempt more) when its state is in
        ``states``; False when it is not (someone else sends, or it needs no send)."""
        ...

    def set_digest_state(
        self,
        day: str,
        state: str,
        at: datetime,
        error: str = "",
        message_id: str = "",
    ) -> None:
        """Record how a send ended: 'sent' (stamped ``at``), 'failed', 'unknown', ..."""
        ...

    def open_alerts(self) -> list[AlertRecord]:
        """Alerts whose condition still holds, or whose recovery is still to be told."""
        ...

    def fire_alert(self, condition: str, detail: str, at: datetime) -> bool:
        """Open an alert for ``condition``; False when one is open already."""
        ...

    def resolve_alert(self, alert_id: int, at: datetime) -> None: ...
    def mark_alert_sent(self, alert_id: int, recovery: bool, at: datetime) -> None:
        """Record that the alert (or, with ``recovery``, its recovery notice) was sent."""
        ...


class CacheStore(Protocol):
    """What stages keep between runs: caches, learned models and schedules."""

    def embeddings(self, model: str, article_ids: Sequence[int]) -> dict[int, bytes]:
        """Stored embeddings of ``model`` for these articles (those it has), by id."""
        ...

    def save_embeddings(self, model: str, vectors: Mapping[int, bytes]) -> None:
        """Keep article embeddings of ``model`` (article id -> float32 bytes)."""
        ...

    def robots_cache(self, origin: str) -> CachedRobots | None:
        """The robots.txt of ``origin`` (scheme://host[:port]) as last read, if ever."""
        ...

    def save_robots_cache(self, origin: str, robots: CachedRobots) -> None: ...
    def last_read(self, source_url: str) -> datetime | None:
        """When `watch` last read the source, or None when it never did."""
        ...

    def save_last_read(self, source_url: str, at: datetime) -> None: ...
    def llm_reply(self, key: str, newer_than: datetime | None = None) -> str | None:
        """A language model's accepted reply to the prompt hashed as ``key``, when it was
        saved after ``newer_than`` (None: whenever)."""
        ...

    def save_llm_reply(
        self, key: str, reply: str, model: str = "", prompt_version: str = ""
    ) -> None: ...
    def forget_llm_reply(self, key: str) -> None: ...
    def prune_llm_replies(
        self, keep: int, older_than: datetime | None = None, prompt_version: str | None = None
    ) -> int:
        """Remove replies saved before ``older_than``, those of another prompt version
        than ``prompt_version``, then the oldest beyond ``keep``; returns how many."""
        ...

    def queue_model_retry(
        self, story_id: int, next_attempt_at: datetime, reason: str, attempts: int
    ) -> None:
        """Offer the story to the model again from ``next_attempt_at`` (replacing any plan)."""
        ...

    def model_retry(self, story_id: int) -> ModelRetry | None: ...
    def drop_model_retry(self, story_id: int) -> None: ...
    def model_retries(self) -> list[ModelRetry]:
        """Every planned retry, soonest first."""
        ...

    def mark_model_retries_due(self, now: datetime) -> list[int]:
        """Mark for writing the unmerged stories whose model try is due; their ids.

        A story another transaction is changing is left due, for the next run."""
        ...

    def outlet_boilerplate(self) -> str | None:
        """The learned outlet-boilerplate model (its JSON), or None before the first save."""
        ...

    def update_outlet_boilerplate(self, change: Callable[[str | None], str]) -> str:
        """Replace the boilerplate model by ``change(current)`` atomically; returns it.

        Other workers that update it at the same time wait, so no update is lost.
        """
        ...

    def cluster_watch_lists(self) -> dict[int, list[int]]:
        """The clusterer's watch lists as last saved (open story -> watching stories)."""
        ...

    def save_cluster_watch_lists(self, lists: Mapping[int, Sequence[int]]) -> None: ...
    def cluster_window(self) -> ClusterWindowRows:
        """The cluster stage's open window as last saved (no clock: never saved).

        Until a store has saved one, its watch lists (``cluster_watch_lists``) are what
        the stage kept; it then rebuilds the window from the open stories' articles.
        """
        ...

    def save_cluster_window(self, change: ClusterWindowRows) -> None:
        """Apply a change of the window (rows to write, moves, rows to drop) at once.

        It joins the caller's transaction, so that the window is saved with the
        placements it holds.
        """
        ...


class RetentionStore(Protocol):
    """What retention (``retention.*`` settings) may remove; see docs/decisions/store.md."""

    def prune_raw_bodies(self, before: datetime, limit: int = 500) -> int:
        """Empty the bodies of up to ``limit`` extracted documents fetched before ``before``.

        The rows stay (key, URL, headers, content hash, ``pruned_at``), and so do their
        articles: nothing that cites or deduplicates them changes. Returns how many.
        """
        ...

    def prune_versions(self, before: datetime, limit: int = 500) -> int:
        """Delete up to ``limit`` story versions created before ``before``; returns how many.

        Each story keeps its first version (its publication date and first headline), its
        latest and its published one, whatever their age. A story that lost versions is
        published again, so that its page lists only the versions the store holds. A
        story another transaction is changing keeps its versions until the next run.
        """
        ...


@runtime_checkable
class SearchIndex(Protocol):
    """Full-text search over published stories: one entry per story, its latest version."""

    def index_story(
        self, story_id: int, version: int, headline: str, summary: str, body: str
    ) -> None:
        """Make the entry of ``story_id`` hold this version (replacing any older one)."""
        ...

    def unindex_story(self, story_id: int) -> None:
        """Take a story (merged away, deleted) out of the index."""
        ...

    def search_stories(self, words: Sequence[str], limit: int, offset: int) -> list[SearchHit]:
        """Stories holding every word (the last as a prefix), best first, with snippets."""
        ...


class Store(
    SourceStore,
    DocumentStore,
    StoryStore,
    ControlStore,
    MailStore,
    RunStore,
    CacheStore,
    RetentionStore,
    SearchIndex,
    Protocol,
):
    """Persistent state of newsdesk. Implementations: SQLiteStore, PostgresStore."""

    shared: bool
    """True when several workers may use the store at once (PostgreSQL): take work by claims."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes; everything inside commits together or not at all."""
        ...

    def close(self) -> None: ...
