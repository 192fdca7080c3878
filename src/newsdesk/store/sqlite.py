"""The SQLite store: one file, WAL, foreign keys on, numbered migrations."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from newsdesk.errors import StoreError
from newsdesk.models import (
    Article,
    FetchState,
    RawDocument,
    RunReport,
    Source,
    SourceHealth,
    SourceKind,
    StoryVersion,
)
from newsdesk.store.base import (
    Store,
    StoryMember,
    StorySummary,
    chunks,
    draft_from_json,
    draft_to_json,
    report_from_json,
    report_to_json,
)

_ARTICLE_COLUMNS = (
    "id, raw_id, source_id, url, title, paragraphs, published_at, updated_at, authors, "
    "site_name, language, summary"
)

_ARTICLE_COLUMNS_A = ", ".join("a." + c.strip() for c in _ARTICLE_COLUMNS.split(","))


DEFAULT_LEASE = timedelta(minutes=10)

# Queue rows carry a revision; a claim records the revision it took. The work of a claim
# counts only when the row did not change meanwhile.
_UNCHANGED = "(claimed_revision IS NULL OR claimed_revision = revision)"
_RELEASE = "claimed_by = NULL, claim_expires = NULL, claimed_revision = NULL"
_ACQUIRE_LEASE = (
    "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
    "ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE leases.holder = excluded.holder OR leases.expires_at < ?"
)
_STORY_DONE = (
    "needs_writing = CASE WHEN claimed_revision IS NOT NULL AND claimed_revision != revision "
    f"THEN 1 ELSE 0 END, {_RELEASE}"
)


def to_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def from_iso(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _raw_document(r: Any) -> RawDocument:
    """A RawDocument from a raw_documents row (a mapping by column name)."""
    return RawDocument(
        key=r["key"],
        url=r["url"],
        final_url=r["final_url"],
        status=r["status"],
        headers=json.loads(r["headers"]),
        body=bytes(r["body"]),
        fetched_at=from_iso(r["fetched_at"]) or datetime.now(UTC),
        content_type=r["content_type"],
        source_id=r["source_id"],
        feed_summary=r["feed_summary"],
        feed_title=r["feed_title"],
        feed_published=from_iso(r["feed_published"]),
        id=r["id"],
    )


def _source(row: Any) -> Source:
    minutes = row["interval_minutes"]
    return Source(
        url=row["url"],
        kind=SourceKind(row["kind"]),
        name=row["name"],
        id=row["id"],
        interval_minutes=None if minutes is None else float(minutes),
    )


def migrations() -> list[tuple[int, str, str]]:
    """The packaged migrations as (number, name, sql), in order."""
    found = []
    for entry in resources.files("newsdesk.store.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class SQLStore:
    """The Store methods shared by the SQL engines, written in their common SQL.

    Subclasses give ``conn`` (``execute(sql, params)`` with ``?`` marks, rows indexable by
    position and by column name), ``transaction``, ``close`` and ``_engine_problems``.
    """

    conn: Any
    shared = False
    _greatest = "MAX"  # the two-argument maximum: MAX in SQLite, GREATEST in PostgreSQL
    _depth = 0  # how many transaction() blocks are open

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes; a nested call joins the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._outer_transaction():
                yield
        finally:
            self._depth = 0

    def _outer_transaction(self) -> AbstractContextManager[None]:
        """The engine's own transaction: commit at the end, roll back on an exception."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _engine_problems(self) -> list[str]:
        """What the engine's own checks find wrong."""
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self.conn.execute(sql, params))

    # -- sources ----------------------------------------------------------------
    def upsert_source(self, source: Source) -> int:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO sources (url, kind, name, interval_minutes, added_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, "
                "name = excluded.name, interval_minutes = excluded.interval_minutes",
                (source.url, source.kind.value, source.name, source.interval_minutes, _now()),
            )
            row = self.conn.execute(
                "SELECT id FROM sources WHERE url = ?", (source.url,)
            ).fetchone()
        return int(row[0])

    def list_sources(self) -> list[Source]:
        return [_source(r) for r in self._rows("SELECT * FROM sources ORDER BY id")]

    def add_source(self, source: Source) -> int:
        with self.transaction():
            source_id = self.upsert_source(source)
            self.conn.execute("UPDATE sources SET origin = 'cli' WHERE id = ?", (source_id,))
        return source_id

    def managed_sources(self) -> list[Source]:
        return [
            _source(r) for r in self._rows("SELECT * FROM sources WHERE origin = 'cli' ORDER BY id")
        ]

    def remove_source(self, url: str) -> bool:
        with self.transaction():
            cur = self.conn.execute("DELETE FROM sources WHERE url = ?", (url,))
            return bool(cur.rowcount)

    def retire_source(self, source_id: int, at: datetime) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE sources SET retired_at = ? WHERE id = ?", (to_iso(at), source_id)
            )

    # -- fetch state and source health ----------------------------------------------
    def fetch_state(self, url: str) -> FetchState | None:
        rows = self._rows("SELECT * FROM fetch_state WHERE url = ?", (url,))
        if not rows:
            return None
        r = rows[0]
        return FetchState(
            url=r["url"],
            etag=r["etag"],
            last_modified=r["last_modified"],
            permanent_url=r["permanent_url"],
            status=r["status"],
            fetched_at=from_iso(r["fetched_at"]),
        )

    def save_fetch_state(self, state: FetchState) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO fetch_state (url, etag, last_modified, permanent_url, status, "
                "fetched_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "etag = excluded.etag, last_modified = excluded.last_modified, "
                "permanent_url = excluded.permanent_url, status = excluded.status, "
                "fetched_at = excluded.fetched_at",
                (
                    state.url,
                    state.etag,
                    state.last_modified,
                    state.permanent_url,
                    state.status,
                    to_iso(state.fetched_at),
                ),
            )

    def source_health(self, source_id: int) -> SourceHealth:
        rows = self._rows(
            "SELECT s.retired_at AS retired_at, h.* FROM sources s "
            "LEFT JOIN source_health h ON h.source_id = s.id WHERE s.id = ?",
            (source_id,),
        )
        if not rows:
            return SourceHealth(source_id=source_id)
        r = rows[0]
        return SourceHealth(
            source_id=source_id,
            last_attempt=from_iso(r["last_attempt"]),
            last_success=from_iso(r["last_success"]),
            last_error=r["last_error"] or "",
            last_error_detail=r["last_error_detail"] or "",
            last_error_at=from_iso(r["last_error_at"]),
            next_attempt=from_iso(r["next_attempt"]),
            failures=int(r["failures"] or 0),
            retired_at=from_iso(r["retired_at"]),
        )

    def save_source_health(self, health: SourceHealth) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO source_health (source_id, last_attempt, last_success, last_error, "
                "last_error_detail, last_error_at, next_attempt, failures) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source_id) DO UPDATE SET "
                "last_attempt = excluded.last_attempt, last_success = excluded.last_success, "
                "last_error = excluded.last_error, "
                "last_error_detail = excluded.last_error_detail, "
                "last_error_at = excluded.last_error_at, next_attempt = excluded.next_attempt, "
                "failures = excluded.failures",
                (
                    health.source_id,
                    to_iso(health.last_attempt),
                    to_iso(health.last_success),
                    health.last_error,
                    health.last_error_detail[:2000],
                    to_iso(health.last_error_at),
                    to_iso(health.next_attempt),
                    health.failures,
                ),
            )

    # -- raw documents ----------------------------------------------------------
    def add_raw(self, doc: RawDocument) -> tuple[int, bool]:
        digest = hashlib.sha256(doc.body).hexdigest()
        with self.transaction():
            row = self.conn.execute(
                "SELECT id, content_hash FROM raw_documents WHERE key = ?", (doc.key,)
            ).fetchone()
            values = (
                doc.source_id,
                doc.url,
                doc.final_url,
                doc.status,
                json.dumps(doc.headers),
                doc.body,
                doc.content_type,
                digest,
                to_iso(doc.fetched_at),
                doc.feed_title,
                doc.feed_summary,
                to_iso(doc.feed_published),
            )
            if row is None:
                # Another worker may store the same key meanwhile: then theirs stands.
                cur = self.conn.execute(
                    "INSERT INTO raw_documents (source_id, url, final_url, status, headers, body, "
                    "content_type, content_hash, fetched_at, feed_title, feed_summary, "
                    "feed_published, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(key) DO NOTHING RETURNING id",
                    (*values, doc.key),
                )
                inserted = cur.fetchone()
                if inserted is not None:
                    return int(inserted[0]), True
                row = self.conn.execute(
                    "SELECT id, content_hash FROM raw_documents WHERE key = ?", (doc.key,)
                ).fetchone()
            if row["content_hash"] == digest:
                return int(row["id"]), False
            # Same key, new content (an updated article): keep the newest, extract again.
            self.conn.execute(
                "UPDATE raw_documents SET source_id = ?, url = ?, final_url = ?, status = ?, "
                "headers = ?, body = ?, content_type = ?, content_hash = ?, fetched_at = ?, "
                "feed_title = ?, feed_summary = ?, feed_published = ?, extracted_at = NULL, "
                "extract_error = NULL, revision = revision + 1 WHERE id = ?",
                (*values, row["id"]),
            )
            return int(row["id"]), True

    def has_raw(self, key: str) -> bool:
        return bool(self._rows("SELECT 1 FROM raw_documents WHERE key = ?", (key,)))

    def pending_raw(self, limit: int = 500) -> list[RawDocument]:
        rows = self._rows(
            "SELECT * FROM raw_documents WHERE extracted_at IS NULL ORDER BY id LIMIT ?", (limit,)
        )
        return [_raw_document(r) for r in rows]

    def claim_raw(
        self, worker: str, limit: int = 200, lease: timedelta = DEFAULT_LEASE
    ) -> list[RawDocument]:
        """Claim up to ``limit`` documents to extract for ``worker`` until the lease ends.

        Args:
            worker: a name unique among the workers sharing the store.
            limit: the most documents to claim.
            lease: how long the claim holds; then another worker may take the item.

        Returns:
            The claimed documents, oldest first. ``mark_extracted`` releases each.
        """
        now = datetime.now(UTC)
        with self.transaction():
            rows = self._rows(
                "SELECT * FROM raw_documents WHERE extracted_at IS NULL "
                "AND (claim_expires IS NULL OR claim_expires < ?) ORDER BY id LIMIT ?",
                (to_iso(now), limit),
            )
            for part in chunks([int(r["id"]) for r in rows]):
                marks = ",".join("?" * len(part))
                self.conn.execute(
                    "UPDATE raw_documents SET claimed_by = ?, claim_expires = ?, "
                    f"claimed_revision = revision WHERE id IN ({marks})",
                    (worker, to_iso(now + lease), *part),
                )
        return [_raw_document(r) for r in rows]

    def mark_extracted(self, raw_id: int, error: str | None = None) -> None:
        # A document whose content changed while a worker held its claim stays pending.
        with self.transaction():
            self.conn.execute(
                "UPDATE raw_documents SET "
                f"extracted_at = CASE WHEN {_UNCHANGED} THEN ? ELSE NULL END, "
                f"extract_error = CASE WHEN {_UNCHANGED} THEN ? ELSE NULL END, "
                f"{_RELEASE} WHERE id = ?",
                (_now(), error, raw_id),
            )

    # -- articles ---------------------------------------------------------------
    @staticmethod
    def _article(r: Any) -> Article:
        return Article(
            id=r["id"],
            raw_id=r["raw_id"],
            source_id=r["source_id"],
            url=r["url"],
            title=r["title"],
            paragraphs=tuple(json.loads(r["paragraphs"])),
            published_at=from_iso(r["published_at"]),
            updated_at=from_iso(r["updated_at"]),
            authors=tuple(json.loads(r["authors"])),
            site_name=r["site_name"],
            language=r["language"],
            summary=r["summary"],
        )

    def save_article(self, article: Article) -> int:
        if article.raw_id is None:
            raise StoreError("an article must come from a stored raw document")
        values = (
            article.source_id,
            article.url,
            article.title,
            json.dumps(list(article.paragraphs)),
            to_iso(article.published_at),
            to_iso(article.updated_at),
            json.dumps(list(article.authors)),
            article.site_name,
            article.language,
            article.summary,
        )
        with self.transaction():
            row = self.conn.execute(
                "SELECT id FROM articles WHERE raw_id = ?", (article.raw_id,)
            ).fetchone()
            if row is None:
                cur = self.conn.execute(
                    "INSERT INTO articles (source_id, url, title, paragraphs, published_at, "
                    "updated_at, authors, site_name, language, summary, raw_id, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (*values, article.raw_id, _now()),
                )
                return int(cur.fetchone()[0])
            # An updated article keeps its id and story; its story is written again.
            self.conn.execute(
                "UPDATE articles SET source_id = ?, url = ?, title = ?, paragraphs = ?, "
                "published_at = ?, updated_at = ?, authors = ?, site_name = ?, language = ?, "
                "summary = ? WHERE id = ?",
                (*values, row["id"]),
            )
            self.conn.execute(
                "UPDATE stories SET needs_writing = 1, revision = revision + 1 WHERE id = "
                "(SELECT story_id FROM story_articles WHERE article_id = ?)",
                (row["id"],),
            )
            return int(row["id"])

    def article_by_url(self, url: str) -> Article | None:
        rows = self._rows(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE url = ? LIMIT 1", (url,))
        return self._article(rows[0]) if rows else None

    def articles(self, ids: Sequence[int]) -> list[Article]:
        by_id: dict[int, Article] = {}
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            for r in self._rows(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", part
            ):
                by_id[r["id"]] = self._article(r)
        return [by_id[i] for i in ids if i in by_id]

    def pending_dedupe(self) -> list[Article]:
        return [
            self._article(r)
            for r in self._rows(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE deduped_at IS NULL ORDER BY id"
            )
        ]

    def recent_articles(self, since: datetime | None, limit: int = 20000) -> list[Article]:
        """Already deduplicated articles published (or stored) since ``since``, oldest first."""
        since_iso = to_iso(since) if since else ""
        rows = self._rows(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE deduped_at IS NOT NULL "
            "AND COALESCE(published_at, created_at) >= ? ORDER BY id DESC LIMIT ?",
            (since_iso, limit),
        )
        return [self._article(r) for r in reversed(rows)]

    def mark_duplicate(self, article_id: int, duplicate_of: int | None) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM duplicates WHERE article_id = ?", (article_id,))
            if duplicate_of is not None:
                self.conn.execute(
                    "INSERT INTO duplicates (article_id, duplicate_of) VALUES (?, ?)",
                    (article_id, duplicate_of),
                )
            self.conn.execute(
                "UPDATE articles SET deduped_at = ? WHERE id = ?", (_now(), article_id)
            )

    def duplicate_of(self, article_id: int) -> int | None:
        rows = self._rows("SELECT duplicate_of FROM duplicates WHERE article_id = ?", (article_id,))
        return int(rows[0][0]) if rows else None

    def pending_cluster(self) -> list[Article]:
        return [
            self._article(r)
            for r in self._rows(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE deduped_at IS NOT NULL "
                "AND clustered_at IS NULL ORDER BY COALESCE(published_at, created_at), id"
            )
        ]

    # -- stories ----------------------------------------------------------------
    def create_story(self, at: datetime) -> int:
        stamp = to_iso(at)
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO stories (created_at, updated_at, last_article_at) VALUES (?, ?, ?) "
                "RETURNING id",
                (_now(), _now(), stamp),
            )
            return int(cur.fetchone()[0])

    def add_to_story(
        self, story_id: int, article_id: int, at: datetime, rewrite: bool = True
    ) -> None:
        stamp = to_iso(at)
        marks = "needs_writing = 1, revision = revision + 1, " if rewrite else ""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO story_articles (article_id, story_id, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
                (article_id, story_id, _now()),
            )
            self.conn.execute(
                f"UPDATE stories SET {marks}updated_at = ?, "
                f"last_article_at = {self._greatest}(last_article_at, ?) WHERE id = ?",
                (_now(), stamp, story_id),
            )
            self.conn.execute(
                "UPDATE articles SET clustered_at = ? WHERE id = ?", (_now(), article_id)
            )

    def merge_stories(self, into: int, others: Sequence[int], at: datetime) -> None:
        with self.transaction():
            for other in others:
                if other == into:
                    continue
                self.conn.execute(
                    "UPDATE story_articles SET story_id = ? WHERE story_id = ?", (into, other)
                )
                self.conn.execute(
                    "UPDATE stories SET merged_into = ?, needs_writing = 0, updated_at = ? "
                    "WHERE id = ?",
                    (into, _now(), other),
                )
                # Earlier redirects to the absorbed story now point at the survivor.
                self.conn.execute(
                    "UPDATE stories SET merged_into = ? WHERE merged_into = ?", (into, other)
                )
            self.conn.execute(
                "UPDATE stories SET needs_writing = 1, revision = revision + 1, updated_at = ?, "
                f"last_article_at = {self._greatest}(last_article_at, ?) WHERE id = ?",
                (_now(), to_iso(at), into),
            )

    def story_of(self, article_id: int) -> int | None:
        rows = self._rows("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
        return int(rows[0][0]) if rows else None

    def resolve_story(self, story_id: int) -> int | None:
        rows = self._rows("SELECT id, merged_into FROM stories WHERE id = ?", (story_id,))
        if not rows:
            return None
        return int(rows[0]["merged_into"] or rows[0]["id"])

    def open_stories(self, since: datetime) -> list[tuple[int, list[Article]]]:
        """Unmerged stories with an article since ``since``, with their non-duplicate articles."""
        rows = self._rows(
            f"SELECT sa.story_id AS story_id, {_ARTICLE_COLUMNS_A} "
            "FROM stories s JOIN story_articles sa ON sa.story_id = s.id "
            "JOIN articles a ON a.id = sa.article_id "
            "LEFT JOIN duplicates d ON d.article_id = a.id "
            "WHERE s.merged_into IS NULL AND s.last_article_at >= ? AND d.article_id IS NULL "
            "ORDER BY s.id, a.id",
            (to_iso(since),),
        )
        grouped: dict[int, list[Article]] = {}
        for r in rows:
            grouped.setdefault(int(r["story_id"]), []).append(self._article(r))
        return list(grouped.items())

    def stories_to_write(self) -> list[int]:
        return [
            int(r[0])
            for r in self._rows(
                "SELECT id FROM stories WHERE needs_writing = 1 AND merged_into IS NULL ORDER BY id"
            )
        ]

    def claim_stories(
        self, worker: str, limit: int = 50, lease: timedelta = DEFAULT_LEASE
    ) -> list[int]:
        """Claim up to ``limit`` stories to write for ``worker`` until the lease ends.

        Args:
            worker: a name unique among the workers sharing the store.
            limit: the most stories to claim.
            lease: how long the claim holds.

        Returns:
            Story ids, lowest first. ``save_version`` or ``skip_writing`` releases each; a
            story that gained articles meanwhile stays marked for writing.
        """
        now = datetime.now(UTC)
        with self.transaction():
            ids = [
                int(r[0])
                for r in self._rows(
                    "SELECT id FROM stories WHERE needs_writing = 1 AND merged_into IS NULL "
                    "AND (claim_expires IS NULL OR claim_expires < ?) ORDER BY id LIMIT ?",
                    (to_iso(now), limit),
                )
            ]
            for part in chunks(ids):
                marks = ",".join("?" * len(part))
                self.conn.execute(
                    "UPDATE stories SET claimed_by = ?, claim_expires = ?, "
                    f"claimed_revision = revision WHERE id IN ({marks})",
                    (worker, to_iso(now + lease), *part),
                )
        return ids

    def release_claims(self, worker: str) -> int:
        """Give back every item and lease ``worker`` holds (on shutdown); returns how many."""
        with self.transaction():
            released = 0
            for table in ("raw_documents", "stories"):
                cur = self.conn.execute(
                    f"UPDATE {table} SET {_RELEASE} WHERE claimed_by = ?", (worker,)
                )
                released += int(cur.rowcount)
            cur = self.conn.execute("DELETE FROM leases WHERE holder = ?", (worker,))
            return released + int(cur.rowcount)

    def acquire_lease(self, name: str, worker: str, lease: timedelta = DEFAULT_LEASE) -> bool:
        """Take or renew the stage-wide lease ``name`` (e.g. "cluster") for ``worker``.

        Args:
            name: the lease, one per stage that must run in one worker at a time.
            worker: the worker asking.
            lease: how long it holds unless renewed.

        Returns:
            True when ``worker`` holds the lease now.
        """
        now = datetime.now(UTC)
        with self.transaction():
            self.conn.execute(_ACQUIRE_LEASE, (name, worker, to_iso(now + lease), to_iso(now)))
            row = self.conn.execute("SELECT holder FROM leases WHERE name = ?", (name,)).fetchone()
        return row is not None and row[0] == worker

    def release_lease(self, name: str, worker: str) -> None:
        """Give back the lease ``name`` if ``worker`` holds it."""
        with self.transaction():
            self.conn.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, worker))

    def story_members(self, story_id: int) -> list[StoryMember]:
        rows = self._rows(
            "SELECT sa.article_id AS id, d.duplicate_of AS dup FROM story_articles sa "
            "LEFT JOIN duplicates d ON d.article_id = sa.article_id "
            "WHERE sa.story_id = ? ORDER BY sa.article_id",
            (story_id,),
        )
        originals = [int(r["id"]) for r in rows if r["dup"] is None]
        republished: dict[int, list[int]] = {}
        for r in rows:
            if r["dup"] is not None:
                republished.setdefault(int(r["dup"]), []).append(int(r["id"]))
        return [
            StoryMember(article=a, republished_by=tuple(republished.get(a.id or 0, ())))
            for a in self.articles(originals)
        ]

    def save_version(self, version: StoryVersion, coverage: dict[str, Any] | None) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO story_versions (story_id, version, created_at, headline, draft, "
                "article_ids, what_changed, report, coverage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    version.story_id,
                    version.version,
                    to_iso(version.created_at),
                    version.draft.headline,
                    draft_to_json(version.draft),
                    json.dumps(list(version.article_ids)),
                    version.what_changed,
                    report_to_json(version.report),
                    None if coverage is None else json.dumps(coverage, ensure_ascii=False),
                ),
            )
            self.conn.execute(
                f"UPDATE stories SET {_STORY_DONE}, updated_at = ? WHERE id = ?",
                (_now(), version.story_id),
            )

    def skip_writing(self, story_id: int) -> None:
        """Clear the rewrite mark of a story that had nothing writable."""
        with self.transaction():
            self.conn.execute(f"UPDATE stories SET {_STORY_DONE} WHERE id = ?", (story_id,))

    def versions(self, story_id: int) -> list[StoryVersion]:
        return [
            StoryVersion(
                story_id=r["story_id"],
                version=r["version"],
                draft=draft_from_json(r["draft"]),
                created_at=from_iso(r["created_at"]) or datetime.now(UTC),
                article_ids=tuple(json.loads(r["article_ids"])),
                what_changed=r["what_changed"],
                report=report_from_json(r["report"]),
            )
            for r in self._rows(
                "SELECT * FROM story_versions WHERE story_id = ? ORDER BY version", (story_id,)
            )
        ]

    def coverage(self, story_id: int, version: int) -> dict[str, Any] | None:
        rows = self._rows(
            "SELECT coverage FROM story_versions WHERE story_id = ? AND version = ?",
            (story_id, version),
        )
        if not rows or rows[0][0] is None:
            return None
        value: dict[str, Any] = json.loads(rows[0][0])
        return value

    def latest_stories(self, limit: int = 30) -> list[StorySummary]:
        rows = self._rows(
            "SELECT v.story_id, v.version, v.headline, v.draft, v.created_at, "
            "(SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = v.story_id) AS n, "
            "(SELECT COUNT(DISTINCT CASE WHEN a.site_name != '' THEN a.site_name ELSE a.url END) "
            " FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            " LEFT JOIN duplicates d ON d.article_id = a.id "
            " WHERE sa.story_id = v.story_id) AS outlets "
            "FROM story_versions v JOIN stories s ON s.id = v.story_id "
            "WHERE s.merged_into IS NULL AND v.version = "
            "(SELECT MAX(version) FROM story_versions WHERE story_id = v.story_id) "
            "ORDER BY s.last_article_at DESC, v.story_id DESC LIMIT ?",
            (limit,),
        )
        return [
            StorySummary(
                story_id=r["story_id"],
                version=r["version"],
                headline=r["headline"],
                summary=draft_from_json(r["draft"]).summary.text,
                updated_at=from_iso(r["created_at"]) or datetime.now(UTC),
                article_count=r["n"],
                outlet_count=r["outlets"],
            )
            for r in rows
        ]

    def stories_to_publish(self) -> list[int]:
        return [
            int(r[0])
            for r in self._rows(
                "SELECT s.id FROM stories s WHERE s.published_version < "
                "(SELECT COALESCE(MAX(version), 0) FROM story_versions v WHERE v.story_id = s.id) "
                "ORDER BY s.id"
            )
        ]

    def mark_published(self, story_id: int, version: int) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE stories SET published_version = ? WHERE id = ?", (version, story_id)
            )

    # -- runs and state -----------------------------------------------------------
    def start_run(self, report: RunReport) -> int:
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO runs (started_at) VALUES (?) RETURNING id",
                (to_iso(report.started_at),),
            )
            report.id = int(cur.fetchone()[0])
        return report.id

    def finish_run(self, report: RunReport) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished_at = ?, counts = ?, errors = ?, timings = ? WHERE id = ?",
                (
                    to_iso(report.finished_at),
                    json.dumps(report.counts),
                    json.dumps(report.errors),
                    json.dumps(report.timings),
                    report.id,
                ),
            )

    def record_item_error(
        self, run_id: int | None, stage: str, item: str, reason: str, detail: str = ""
    ) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO item_errors (run_id, stage, item, reason, detail, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, stage, item, reason, detail[:2000], _now()),
            )

    def runs(self, limit: int = 20) -> list[RunReport]:
        return [
            RunReport(
                id=r["id"],
                started_at=from_iso(r["started_at"]) or datetime.now(UTC),
                finished_at=from_iso(r["finished_at"]),
                counts=json.loads(r["counts"]),
                errors=json.loads(r["errors"]),
                timings=json.loads(r["timings"]),
            )
            for r in self._rows("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        ]

    def embeddings(self, model: str, article_ids: Sequence[int]) -> dict[int, bytes]:
        found: dict[int, bytes] = {}
        for part in chunks(list(article_ids)):
            marks = ",".join("?" * len(part))
            for r in self._rows(
                f"SELECT article_id, vector FROM article_embeddings "
                f"WHERE model = ? AND article_id IN ({marks})",
                (model, *part),
            ):
                found[int(r[0])] = bytes(r[1])
        return found

    def save_embeddings(self, model: str, vectors: Mapping[int, bytes]) -> None:
        with self.transaction():
            for article_id, vector in vectors.items():
                self.conn.execute(
                    "INSERT INTO article_embeddings (article_id, model, vector) VALUES (?, ?, ?) "
                    "ON CONFLICT(article_id, model) DO UPDATE SET vector = excluded.vector",
                    (article_id, model, vector),
                )

    def get_state(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM state WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def put_state(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (key, value, _now()),
            )

    def update_state(self, key: str, change: Callable[[str | None], str]) -> str:
        with self.transaction():
            self._lock_state(key)
            rows = self._rows("SELECT value FROM state WHERE key = ?", (key,))
            value = change(str(rows[0][0]) if rows else None)
            self.put_state(key, value)
        return value

    def _lock_state(self, key: str) -> None:
        """Hold ``key`` against other writers until the transaction ends.

        SQLite's ``BEGIN IMMEDIATE`` already holds the one write lock.
        """

    def integrity_problems(self) -> list[str]:
        """Everything inconsistent in the store, one line each; empty when all is well."""
        problems = self._engine_problems()
        checks = {
            "raw documents marked extracted with no article and no reason": (
                "SELECT COUNT(*) FROM raw_documents r WHERE r.extracted_at IS NOT NULL "
                "AND r.extract_error IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.raw_id = r.id)"
            ),
            "clustered articles in no story": (
                "SELECT COUNT(*) FROM articles a WHERE a.clustered_at IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id)"
            ),
            "articles in a story that was merged away": (
                "SELECT COUNT(*) FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
                "WHERE s.merged_into IS NOT NULL"
            ),
            "merge redirects to a story that was itself merged": (
                "SELECT COUNT(*) FROM stories s JOIN stories t ON t.id = s.merged_into "
                "WHERE t.merged_into IS NOT NULL"
            ),
            "duplicates of articles that are themselves duplicates": (
                "SELECT COUNT(*) FROM duplicates d JOIN duplicates e "
                "ON e.article_id = d.duplicate_of"
            ),
            "stories with versions but no articles": (
                "SELECT COUNT(*) FROM stories s WHERE s.merged_into IS NULL "
                "AND EXISTS (SELECT 1 FROM story_versions v WHERE v.story_id = s.id) "
                "AND NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)"
            ),
        }
        for label, sql in checks.items():
            n = int(self._rows(sql)[0][0])
            if n:
                problems.append(f"{n} {label}")
        for version in self._rows(
            "SELECT story_id, version, draft, article_ids FROM story_versions"
        ):
            cited = {i for s in draft_from_json(version["draft"]).sentences() for i in s.sources}
            missing = cited - set(json.loads(version["article_ids"]))
            if missing:
                problems.append(
                    f"story {version['story_id']} version {version['version']} cites "
                    f"articles it does not list: {sorted(missing)}"
                )
        return problems

    def queue_depths(self) -> dict[str, int]:
        """How much work waits for each stage."""
        queries = {
            "extract": "SELECT COUNT(*) FROM raw_documents WHERE extracted_at IS NULL",
            "dedupe": "SELECT COUNT(*) FROM articles WHERE deduped_at IS NULL",
            "cluster": "SELECT COUNT(*) FROM articles WHERE deduped_at IS NOT NULL "
            "AND clustered_at IS NULL",
            "write": "SELECT COUNT(*) FROM stories WHERE needs_writing = 1 AND merged_into IS NULL",
            "publish": "SELECT COUNT(*) FROM stories s WHERE s.published_version < "
            "(SELECT COALESCE(MAX(version), 0) FROM story_versions v WHERE v.story_id = s.id)",
        }
        return {stage: int(self._rows(sql)[0][0]) for stage, sql in queries.items()}

    def counts(self) -> dict[str, int]:
        tables = (
            "sources",
            "raw_documents",
            "articles",
            "duplicates",
            "stories",
            "story_articles",
            "story_versions",
            "runs",
        )
        result = {t: int(self._rows(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in tables}
        result["stories"] = int(
            self._rows("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL")[0][0]
        )
        return result


class SQLiteStore(SQLStore):
    """Store backed by one SQLite file (or ``:memory:``)."""

    conn: sqlite3.Connection

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._depth = 0
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    # -- plumbing ---------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply every packaged migration not applied yet; returns their names."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self.conn.execute("SELECT number FROM schema_migrations")}
        applied = []
        for number, name, sql in migrations():
            if number in done:
                continue
            with self.transaction():
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (number, name, _now())
                )
            applied.append(name)
        return applied

    @contextmanager
    def _outer_transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def _engine_problems(self) -> list[str]:
        problems = [f"sqlite: {r[0]}" for r in self._rows("PRAGMA integrity_check") if r[0] != "ok"]
        return problems + [
            f"dangling reference: {r[0]} row {r[1]} points to a missing {r[2]}"
            for r in self._rows("PRAGMA foreign_key_check")
        ]


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements (our migrations have no ';' inside strings)."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def open_store(url: str) -> Store:
    """Open the store a config names: a SQLite path (or sqlite:/// URL) or a PostgreSQL URL.

    Args:
        url: ``postgres://`` or ``postgresql://`` for PostgreSQL, anything else is a path.

    Returns:
        The opened, migrated store.
    """
    if url.startswith(("postgres://", "postgresql://")):
        from newsdesk.store.postgres import PostgresStore  # psycopg only when asked for

        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        url = url.removeprefix("sqlite:///")
    return SQLiteStore(url)
