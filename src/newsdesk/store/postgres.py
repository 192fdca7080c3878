"""The PostgreSQL store: the same SQL as SQLite where the engines agree, its own migrations.

Several workers may share one database. ``claim_raw`` and ``claim_stories`` take work
with ``SELECT ... FOR UPDATE SKIP LOCKED`` and a lease, so no two workers take the same
item and a crashed worker's items return to the queue when its lease ends.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import timedelta
from importlib import resources
from typing import Any, cast

import psycopg
from psycopg.rows import RowMaker

from newsdesk.errors import StoreError
from newsdesk.models import RawDocument
from newsdesk.store.sqlite import (
    DEFAULT_LEASE,
    SQLStore,
    _now,
    _raw_document,
    _split_sql,
)

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


def _state_lock(key: str) -> int:
    """A stable signed 64-bit advisory lock number for one state key."""
    digest = hashlib.blake2b(b"newsdesk.state:" + key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def pg_migrations() -> list[tuple[int, str, str]]:
    """The packaged PostgreSQL migrations as (number, name, sql), in order."""
    found = []
    for entry in resources.files("newsdesk.store.migrations_pg").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


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

    shared = True
    _greatest = "GREATEST"

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
        try:
            self.migrate()
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot migrate the store at {_redact(url)}: {exc}") from exc

    # -- plumbing ---------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply every packaged migration not applied yet; returns their names."""
        applied = []
        with self.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            done = {r[0] for r in self._rows("SELECT number FROM schema_migrations")}
            for number, name, sql in pg_migrations():
                if number in done:
                    continue
                for statement in _split_sql(sql):
                    self.conn.raw.execute(statement)  # no parameters: '?' stays as written
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (number, name, _now())
                )
                applied.append(name)
        return applied

    def _outer_transaction(self) -> AbstractContextManager[None]:
        return cast(AbstractContextManager[None], self.conn.raw.transaction())

    def close(self) -> None:
        self.conn.raw.close()

    def _lock_state(self, key: str) -> None:
        # A transaction-level advisory lock on the key: it also covers a key not stored yet,
        # which a row lock (SELECT ... FOR UPDATE) could not.
        self.conn.execute("SELECT pg_advisory_xact_lock(?)", (_state_lock(key),))

    def _engine_problems(self) -> list[str]:
        # PostgreSQL enforces foreign keys on every write: no dangling reference can exist.
        return []

    # -- work claiming ------------------------------------------------------------
    def _claim(
        self, table: str, pending: str, worker: str, limit: int, lease: timedelta
    ) -> list[Row]:
        with self.transaction():
            rows = self._rows(
                f"UPDATE {table} SET claimed_by = ?, claim_expires = {_SERVER_NOW_PLUS}, "
                f"claimed_revision = revision WHERE id IN (SELECT id FROM {table} "
                f"WHERE {pending} AND (claim_expires IS NULL OR claim_expires < {_SERVER_NOW}) "
                "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING *",
                (worker, lease.total_seconds(), limit),
            )
        return sorted(rows, key=_by_id)

    def acquire_lease(self, name: str, worker: str, lease: timedelta = DEFAULT_LEASE) -> bool:
        """Take or renew the stage-wide lease ``name`` for ``worker``, by the server's clock.

        Args:
            name: the lease, one per stage that must run in one worker at a time.
            worker: the worker asking.
            lease: how long it holds unless renewed.

        Returns:
            True when ``worker`` holds the lease now.
        """
        with self.transaction():
            self.conn.execute(
                "INSERT INTO leases (name, holder, expires_at) "
                f"VALUES (?, ?, {_SERVER_NOW_PLUS}) ON CONFLICT(name) DO UPDATE "
                "SET holder = excluded.holder, expires_at = excluded.expires_at "
                f"WHERE leases.holder = excluded.holder OR leases.expires_at < {_SERVER_NOW}",
                (name, worker, lease.total_seconds()),
            )
            rows = self._rows("SELECT holder FROM leases WHERE name = ?", (name,))
        return bool(rows) and rows[0][0] == worker

    def claim_raw(
        self, worker: str, limit: int = 200, lease: timedelta = DEFAULT_LEASE
    ) -> list[RawDocument]:
        """Claim up to ``limit`` documents to extract; rows other workers hold are skipped.

        Args:
            worker: a name unique among the workers sharing the store.
            limit: the most documents to claim.
            lease: how long the claim holds; then another worker may take the item.

        Returns:
            The claimed documents, oldest first. ``mark_extracted`` releases each.
        """
        rows = self._claim("raw_documents", "extracted_at IS NULL", worker, limit, lease)
        return [_raw_document(r) for r in rows]

    def claim_stories(
        self, worker: str, limit: int = 50, lease: timedelta = DEFAULT_LEASE
    ) -> list[int]:
        """Claim up to ``limit`` stories to write; see ``SQLStore.claim_stories``.

        Args:
            worker: a name unique among the workers sharing the store.
            limit: the most stories to claim.
            lease: how long the claim holds.

        Returns:
            Story ids, lowest first.
        """
        pending = "needs_writing = 1 AND merged_into IS NULL"
        return [int(r["id"]) for r in self._claim("stories", pending, worker, limit, lease)]


def _by_id(row: Row) -> int:
    return int(row["id"])
