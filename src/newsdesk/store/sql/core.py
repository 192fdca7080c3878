"""What every part of the SQL store stands on: the connection, transactions, migrations.

An engine (``SQLiteStore``, ``PostgresStore``) gives ``conn`` (``execute(sql, params)``
with ``?`` marks, rows indexable by position and by column name), ``_outer_transaction``,
``close``, ``_script``, ``_lease_clock`` and ``_engine_problems``, and sets the few SQL
words that differ between engines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from typing import Any, NamedTuple

from newsdesk.store.migrate import STATE_MOVE, migrations, move_state, renumbered, split_sql
from newsdesk.store.rows import chunks, marks, now_iso

# Queue rows carry a revision; a claim records the revision it took. The work of a claim
# counts only when the row did not change meanwhile.
UNCHANGED = "(claimed_revision IS NULL OR claimed_revision = revision)"
RELEASE = "claimed_by = NULL, claim_expires = NULL, claimed_revision = NULL, claimed_session = NULL"


class LeaseClock(NamedTuple):
    """SQL for "now" and for "when a lease taken now ends", with their parameters."""

    now: str
    now_args: tuple[Any, ...]
    until: str
    until_args: tuple[Any, ...]


class SQLCore:
    """The connection and transactions the SQL store's parts share."""

    conn: Any
    engine = ""  # "sqlite" or "postgres": which migrations apply
    shared = False
    greatest = "MAX"  # the two-argument maximum: MAX in SQLite, GREATEST in PostgreSQL
    lock_row = ""  # what makes a SELECT lock its rows until the transaction ends
    skip_locked = ""  # what makes a SELECT lock its rows and skip rows others hold
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

    def _script(self, statement: str) -> None:
        """Run one migration statement as written (no parameters)."""
        raise NotImplementedError

    def _lease_clock(self, lease: timedelta) -> LeaseClock:
        """The clock that claims and leases are stamped by."""
        raise NotImplementedError

    def _engine_problems(self) -> list[str]:
        """What the engine's own checks find wrong."""
        raise NotImplementedError

    def _worker_session(self) -> int | None:
        """The number that claims and leases taken through this connection are stamped with.

        None where sessions are not tracked (SQLite: one writer, claims end with their lease).
        """
        return None

    def _session_gone(self, column: str) -> str:
        """SQL that is true when the session numbered in ``column`` has ended."""
        return "FALSE"

    def _table_exists(self, name: str) -> bool:
        raise NotImplementedError

    def _lock_migrations(self) -> None:
        """Keep other processes from migrating until the transaction ends."""

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self.conn.execute(sql, params))

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row; None when there is no row."""
        rows = self._rows(sql, params)
        return rows[0][0] if rows else None

    def _rows_in(self, sql: str, ids: Sequence[Any], params: Sequence[Any] = ()) -> list[Any]:
        """The rows of ``sql`` for the distinct ``ids``, asked 500 at a time (IN lists have a
        bound on parameters): ``{ids}`` in ``sql`` stands for their marks, after ``params``."""
        rows: list[Any] = []
        for part in chunks(list(dict.fromkeys(ids))):
            rows += self._rows(sql.replace("{ids}", marks(len(part))), (*params, *part))
        return rows

    def _hold_rows(self, table: str, ids: Sequence[int]) -> set[int]:
        """Lock the rows of ``ids`` in ``table`` that no other transaction holds, in id
        order, until this transaction ends; returns their ids (rows gone are left out).

        A statement that changes several rows while another worker's transaction changes
        some of them in an order of its own could otherwise take one, wait for the next,
        and be waited for in turn (docs/decisions/store.md, "Lock order"). SQLite has one
        writer: every row there is held."""
        sql = f"SELECT id FROM {table} WHERE id IN ({{ids}}) ORDER BY id{self.skip_locked}"
        return {int(r[0]) for r in self._rows_in(sql, sorted(set(ids)))}

    def _upsert(self, table: str, key: str, columns: Sequence[str], values: Sequence[Any]) -> None:
        """Insert a row of ``columns``; on a clash of ``key`` update the other columns."""
        keys = {k.strip() for k in key.split(",")}
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
        with self.transaction():
            self.conn.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))}) "
                f"ON CONFLICT({key}) DO UPDATE SET {updates}",
                values,
            )

    def migrate(self) -> list[str]:
        """Apply every packaged migration not applied yet; returns their names.

        A store migrated by a release that numbered migrations otherwise has its
        ``schema_migrations`` rewritten in today's numbers first (``migrate.OLD_NUMBERS``).
        """
        if self._migrated():
            return []  # known without the write lock, which readers opening need not wait for
        applied = []
        with self.transaction():
            self._lock_migrations()
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            rows = [
                tuple(r)
                for r in self._rows("SELECT number, name, applied_at FROM schema_migrations")
            ]
            done = renumbered(self.engine, rows)
            if sorted(rows) != sorted((n, *done[n]) for n in done):
                self.conn.execute("DELETE FROM schema_migrations")
                for number, (name, applied_at) in sorted(done.items()):
                    self._record_migration(number, name, applied_at)
            for migration in migrations(self.engine):
                if migration.number in done:
                    continue
                for statement in split_sql(migration.sql):
                    self._script(statement)
                if migration.number == STATE_MOVE:
                    move_state(self.conn.execute)
                self._record_migration(migration.number, migration.name, now_iso())
                applied.append(migration.name)
        return applied

    def _migrated(self) -> bool:
        """True when every packaged migration is recorded, in today's numbers."""
        if not self._table_exists("schema_migrations"):
            return False
        recorded = {tuple(r) for r in self._rows("SELECT number, name FROM schema_migrations")}
        return recorded == {(m.number, m.name) for m in migrations(self.engine)}

    def _record_migration(self, number: int, name: str, applied_at: str) -> None:
        self.conn.execute(
            "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, ?)",
            (number, name, applied_at),
        )
