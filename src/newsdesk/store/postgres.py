"""The PostgreSQL store: shareable by several workers, tsvector for search.

Everything both engines share is in ``newsdesk.store.sql``; this module holds only what
PostgreSQL does its own way. Workers take work with ``SELECT ... FOR UPDATE SKIP LOCKED``
and a lease, so no two workers take the same item. Each claim also names the worker's
database session, which holds a session-level advisory lock for as long as it lives: when
a worker crashes or is killed, the server ends its session, the lock goes with it, and its
claims and stage leases are free at once rather than when their lease ends. Leases run by
the database server's clock.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any, cast

import psycopg
from psycopg.rows import RowMaker

from newsdesk.errors import StoreError
from newsdesk.store.records import SearchHit
from newsdesk.store.rows import (
    MARK_CLOSE,
    MARK_OPEN,
    search_hit_of,
    search_words,
    unmarked,
)
from newsdesk.store.sql import LeaseClock, SQLStore

# Leases run by the database server's clock, so that workers on several machines agree on
# when a claim ends whatever their own clocks say. Claim stamps are only ever compared with
# claim stamps, all written in this one fixed-width format.
_ISO_UTC = '\'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"\''
_SERVER_NOW = f"to_char(statement_timestamp() AT TIME ZONE 'UTC', {_ISO_UTC})"
_SERVER_NOW_PLUS = (
    f"to_char((statement_timestamp() + make_interval(secs => ?)) AT TIME ZONE 'UTC', {_ISO_UTC})"
)

# Serialises migrations of workers that start at the same moment (any fixed bigint).
_MIGRATION_LOCK = 8_202_611
# The advisory-lock class (any fixed int4) of the lock each worker's session holds on its
# own number while it lives; pg_locks shows it as classid, the number as objid.
_SESSION_LOCKS = 8_202_612
# A worker's machine that vanishes (no FIN: power loss, a cut network) ends its session
# once the server's keepalive probes go unanswered: after about 10 + 5 * 3 = 25 seconds.
_KEEPALIVES = (
    ("tcp_keepalives_idle", 10),
    ("tcp_keepalives_interval", 5),
    ("tcp_keepalives_count", 3),
)

_SNIPPET = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=24, MinWords=8, MaxFragments=1"


def ts_query(words: Sequence[str]) -> str:
    """A ``to_tsquery`` text: every word must match, the last as a prefix.

    Only word characters reach it, so tsquery operators in the input mean nothing.

    Example:
        >>> ts_query(["Fed", "raises", "rat"])
        'Fed & raises & rat:*'
    """
    kept = search_words(words)
    return " & ".join(kept) + ":*" if kept else ""


class Row(tuple[Any, ...]):
    """A result row readable by position and by column name, like ``sqlite3.Row``."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)


def _row_factory(cursor: Any) -> RowMaker[Row]:
    index = {column.name: n for n, column in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> Row:
        return Row(values, index)

    return make


def _param(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL characters; SQLite can. Drop them on the way in.
    return value.replace("\x00", "") if isinstance(value, str) else value


class _Connection:
    """psycopg behind the ``execute(sql, params)`` with ``?`` marks that SQLStore uses."""

    def __init__(self, raw: psycopg.Connection[Row]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Row]:
        # Our SQL has no '?' or '%' inside string literals, so the swap is safe.
        return self.raw.execute(sql.replace("?", "%s"), [_param(p) for p in params])


def _redact(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


class PostgresStore(SQLStore):
    """Store in a PostgreSQL database, shareable by several workers."""

    engine = "postgres"
    shared = True
    greatest = "GREATEST"
    lock_row = " FOR UPDATE"
    skip_locked = " FOR UPDATE SKIP LOCKED"

    def __init__(self, url: str) -> None:
        """Connect and migrate.

        Args:
            url: a libpq URL, ``postgresql://user:password@host:port/dbname``.
        """
        self.url = url
        self._depth = 0
        try:
            raw: psycopg.Connection[Row] = psycopg.connect(
                url, autocommit=True, row_factory=_row_factory
            )
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the store at {_redact(url)}: {exc}") from exc
        self.conn = _Connection(raw)
        self._session: int | None = None
        try:
            settings = ", ".join(
                f"set_config('{name}', '{value}', false)" for name, value in _KEEPALIVES
            )
            self.conn.raw.execute(f"SELECT {settings}")
            self.migrate()
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot migrate the store at {_redact(url)}: {exc}") from exc

    def _outer_transaction(self) -> AbstractContextManager[None]:
        return cast(AbstractContextManager[None], self.conn.raw.transaction())

    def close(self) -> None:
        self.conn.raw.close()

    def _lock_migrations(self) -> None:
        self.conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))

    def _table_exists(self, name: str) -> bool:
        return self._scalar("SELECT to_regclass(?)", (name,)) is not None

    def _script(self, statement: str) -> None:
        self.conn.raw.execute(statement)  # no parameters: '?' stays as written

    def _lease_clock(self, lease: timedelta) -> LeaseClock:
        return LeaseClock(_SERVER_NOW, (), _SERVER_NOW_PLUS, (lease.total_seconds(),))

    def _engine_problems(self) -> list[str]:
        # PostgreSQL enforces foreign keys on every write: no dangling reference can exist.
        return []

    def _worker_session(self) -> int:
        """This session's number, locked (session-level) on first use until the session ends."""
        while self._session is None:
            number = secrets.randbelow(2**31 - 1) + 1
            if self._scalar(
                "SELECT pg_try_advisory_lock(?::integer, ?::integer)", (_SESSION_LOCKS, number)
            ):
                self._session = number
        return self._session

    def _session_gone(self, column: str) -> str:
        # Advisory locks belong to one database; the two-int4 form shows objsubid 2.
        return (
            f"({column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_locks l "
            f"WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
            f"AND l.classid = {_SESSION_LOCKS} AND l.objid::bigint = {column} "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())))"
        )

    # -- search: a table with a weighted tsvector column, 'simple' configuration --------
    def index_story(
        self, story_id: int, version: int, headline: str, summary: str, body: str
    ) -> None:
        self.conn.execute(
            "INSERT INTO story_search (story_id, version, headline, summary, body) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET "
            "version = excluded.version, headline = excluded.headline, "
            "summary = excluded.summary, body = excluded.body",
            (story_id, version, unmarked(headline), unmarked(summary), unmarked(body)),
        )

    def unindex_story(self, story_id: int) -> None:
        self.conn.execute("DELETE FROM story_search WHERE story_id = ?", (story_id,))

    def search_stories(self, words: Sequence[str], limit: int, offset: int) -> list[SearchHit]:
        """Matching stories ranked by ``ts_rank`` with A/B/C weights (headline first).

        The 'simple' configuration lower-cases and does not stem, as FTS5's unicode61 does;
        unlike FTS5 here it does not fold diacritics (that needs the unaccent extension).
        """
        query = ts_query(words)
        if not query:
            return []
        rows = self._rows(
            "SELECT story_id, version, headline, ts_headline('simple', "
            "CASE WHEN to_tsvector('simple', summary) @@ q THEN summary ELSE body END, q, ?) "
            "FROM story_search, to_tsquery('simple', ?) AS q WHERE document @@ q "
            "ORDER BY ts_rank(document, q) DESC, story_id DESC LIMIT ? OFFSET ?",
            (_SNIPPET, query, limit, offset),
        )
        return [search_hit_of(r) for r in rows]
