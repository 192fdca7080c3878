"""The SQLite store: one file, WAL, foreign keys on, FTS5 for search.

Everything both engines share is in ``newsdesk.store.sql``; this module holds only what
SQLite does its own way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.errors import StoreError
from newsdesk.store.records import SearchHit
from newsdesk.store.rows import (
    MARK_CLOSE,
    MARK_OPEN,
    search_hit_of,
    search_words,
    to_iso,
    unmarked,
)
from newsdesk.store.sql import LeaseClock, SQLStore


def fts5_query(words: Sequence[str]) -> str:
    """An FTS5 query for what a reader typed: every word must match, the last as a prefix.

    Words are quoted, so FTS5 operators and punctuation in the input mean nothing.

    Args:
        words: the reader's words.

    Returns:
        The MATCH expression, or "" when there is no word.
    """
    quoted = [f'"{w}"' for w in search_words(words)]
    if not quoted:
        return ""
    quoted[-1] += "*"
    return " ".join(quoted)


class SQLiteStore(SQLStore):
    """Store backed by one SQLite file (or ``:memory:``)."""

    engine = "sqlite"
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

    @contextmanager
    def _outer_transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the one write lock at once: a read-modify-write inside is atomic.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def _table_exists(self, name: str) -> bool:
        found = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return bool(self._rows(found, (name,)))

    def _script(self, statement: str) -> None:
        self.conn.execute(statement)

    def _lease_clock(self, lease: timedelta) -> LeaseClock:
        now = datetime.now(UTC)
        return LeaseClock("?", (to_iso(now),), "?", (to_iso(now + lease),))

    def _engine_problems(self) -> list[str]:
        problems = [f"sqlite: {r[0]}" for r in self._rows("PRAGMA integrity_check") if r[0] != "ok"]
        return problems + [
            f"dangling reference: {r[0]} row {r[1]} points to a missing {r[2]}"
            for r in self._rows("PRAGMA foreign_key_check")
        ]

    # -- search: an FTS5 table whose rowid is the story id ------------------------------
    def index_story(
        self, story_id: int, version: int, headline: str, summary: str, body: str
    ) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM story_search WHERE rowid = ?", (story_id,))
            self.conn.execute(
                "INSERT INTO story_search (rowid, headline, summary, body, version) "
                "VALUES (?, ?, ?, ?, ?)",
                (story_id, unmarked(headline), unmarked(summary), unmarked(body), version),
            )

    def unindex_story(self, story_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM story_search WHERE rowid = ?", (story_id,))

    def search_stories(self, words: Sequence[str], limit: int, offset: int) -> list[SearchHit]:
        """Matching stories ranked by BM25 with the headline weighted above summary and body."""
        query = fts5_query(words)
        if not query:
            return []
        rows = self._rows(
            "SELECT rowid, version, headline, "
            f"snippet(story_search, -1, '{MARK_OPEN}', '{MARK_CLOSE}', ' … ', 24) AS snip "
            "FROM story_search WHERE story_search MATCH ? "
            "ORDER BY bm25(story_search, 10.0, 4.0, 1.0), rowid DESC LIMIT ? OFFSET ?",
            (query, limit, offset),
        )
        return [search_hit_of(r) for r in rows]
