"""Copies of a store that an operator keeps, and putting one back.

A SQLite store is copied with SQLite's online backup API: the whole database is read in
one step under one read transaction, so the copy is the store as one committed moment
left it, while a run or `watch` goes on writing (in WAL mode readers and the writer do
not wait for each other). The copy is written beside its destination under a temporary
name, checked (``PRAGMA integrity_check``) and only then renamed, so a backup that has
its name is whole. Restoring goes the same way back, through the backup API into the
store's file (never a file copy over a live WAL database), after keeping the store it
replaces.

A PostgreSQL store is dumped with PostgreSQL's own tools, which newsdesk does not wrap:
``postgres_instructions`` says how (``pg_dump`` takes a consistent snapshot while
workers run; ``pg_restore`` into a new database).
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from newsdesk.errors import StoreError
from newsdesk.store.migrate import renumbered

_COUNTED = ("articles", "stories", "story_versions")


@dataclass(frozen=True, slots=True)
class Copy:
    """A store file written by ``backup_sqlite`` or ``restore_sqlite``, and what it holds."""

    path: Path
    size: int
    counts: dict[str, int]

    def describe(self) -> str:
        held = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in self.counts.items())
        return f"{self.path} ({self.size / 1e6:.1f} MB: {held})"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def sqlite_path(url: str) -> Path:
    """The file of a SQLite store URL (a path, or ``sqlite:///path``)."""
    return Path(url.removeprefix("sqlite:///"))


def stamp(at: datetime | None = None) -> str:
    """A UTC time for file names: ``20250124T120000Z``."""
    return (at or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def default_backup_path(store: Path) -> Path:
    """``backups/<store name>-<UTC time>.db`` beside the store."""
    return store.parent / "backups" / f"{store.stem}-{stamp()}.db"


def backup_sqlite(store: Path, dest: Path) -> Copy:
    """Copy the live SQLite store at ``store`` to ``dest``, consistently.

    Args:
        store: the store's file; runs may write it meanwhile.
        dest: the new file; it must not exist (a backup never overwrites).

    Raises:
        StoreError: there is no store there, ``dest`` exists, or the copy fails its check.
    """
    if not store.is_file():
        raise StoreError(f"no SQLite store at {store}")
    if dest.exists():
        raise StoreError(f"{dest} already exists: a backup never overwrites one")
    dest.parent.mkdir(parents=True, exist_ok=True)
    _copy(store, dest)
    return _described(dest)


def restore_sqlite(backup: Path, store: Path, replace: bool = False) -> tuple[Copy, Copy | None]:
    """Put the backup ``backup`` in place of the SQLite store at ``store``.

    The backup is checked first: a file that is not a whole newsdesk store, or one that a
    newer release migrated, is refused and the store is not touched. An existing store is
    replaced only when ``replace`` is true, and is first kept as
    ``<name>.before-restore-<UTC time><suffix>`` beside it.

    Returns:
        The restored store, and the kept copy of the one it replaced (None if none).

    Raises:
        StoreError: the backup is refused, or the store exists and ``replace`` is false.
    """
    check_backup(backup)
    kept = None
    if store.exists():
        if not replace:
            raise StoreError(
                f"a store exists at {store}: add --force to replace it (it is kept beside it first)"
            )
        kept = backup_sqlite(
            store, store.with_name(f"{store.stem}.before-restore-{stamp()}{store.suffix}")
        )
    store.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup, store, in_place=True)
    return _described(store), kept


def check_backup(path: Path) -> None:
    """Refuse anything but a whole newsdesk store that this release can open.

    Raises:
        StoreError: with the reason.
    """
    if not path.is_file():
        raise StoreError(f"no backup at {path}")
    try:
        read_only = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(read_only, uri=True)) as conn:
            _verify(conn, str(path))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a newsdesk SQLite store: {exc}") from exc


def _verify(conn: sqlite3.Connection, what: str) -> None:
    """Raise StoreError unless ``conn`` holds a whole store that this release can open."""
    verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise StoreError(f"{what} is damaged: {verdict}")
    try:
        rows = conn.execute("SELECT number, name, applied_at FROM schema_migrations").fetchall()
    except sqlite3.OperationalError:
        raise StoreError(f"{what} is not a newsdesk store: it has no migrations") from None
    renumbered("sqlite", rows)  # one migrated by a newer release: one clear error


def _copy(source: Path, dest: Path, in_place: bool = False) -> None:
    """The backup API from ``source`` to ``dest``, checked; atomic unless ``in_place``.

    ``in_place`` writes into ``dest`` itself, under its write lock, as SQLite requires
    for a database that other connections may have open.
    """
    target = dest if in_place else dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    try:
        with (
            closing(sqlite3.connect(source, timeout=30)) as src,
            closing(sqlite3.connect(target, timeout=30)) as dst,
        ):
            src.backup(dst)  # every page in one step: one read transaction, one moment
            if not in_place:
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            _verify(dst, f"the copy of {source}")
        if not in_place:
            target.replace(dest)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot copy {source} to {dest}: {exc}") from exc
    finally:
        if not in_place:
            target.unlink(missing_ok=True)


def _described(path: Path) -> Copy:
    try:
        with closing(sqlite3.connect(path, timeout=30)) as conn:
            counts = {
                t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in _COUNTED
            }
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot read {path}: {exc}") from exc
    return Copy(path, path.stat().st_size, counts)


def without_password(url: str) -> str:
    """A libpq URL without its password (libpq reads it from PGPASSWORD or ~/.pgpass)."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1@", url)


def restored_url(url: str) -> tuple[str, str]:
    """The URL and name of a new database beside the store's: ``<its name>_restored``."""
    parts = urlsplit(without_password(url))
    name = f"{unquote(parts.path.lstrip('/')) or 'newsdesk'}_restored"
    return urlunsplit(parts._replace(path="/" + quote(name))), name


def postgres_instructions(url: str, dump: Path) -> str:
    """How to back up and restore the PostgreSQL store at ``url`` with PostgreSQL's tools.

    Every command can be run as printed (tests/test_backup.py does).
    """
    source = without_password(url)
    target, name = restored_url(url)
    q = shlex.quote
    return f"""\
newsdesk backup and restore copy SQLite stores; this store is on PostgreSQL, whose own
tools do it. Back it up with pg_dump (a consistent snapshot, safe while workers run; a
password comes from PGPASSWORD or ~/.pgpass; pg_dump must be as new as the server):

  pg_dump --format=custom --no-owner --file={q(str(dump))} {q("--dbname=" + source)}

Restore it into a new, empty database, then set store.url to that database:

  createdb {q("--maintenance-db=" + source)} {q(name)}
  pg_restore --no-owner --exit-on-error {q("--dbname=" + target)} {q(str(dump))}

Workers may keep running while pg_dump runs; stop them before pointing them elsewhere.
"""
