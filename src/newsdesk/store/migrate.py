"""The store's migrations: one numbered list for both engines, and the old numbers mapped.

Migrations are the ``NNNN_name.sql`` files of ``newsdesk/store/migrations``; both engines
run each of them, except ``NNNN_name.<engine>.sql`` files, which only that engine runs.
Until issue 18 each engine had its own folder and numbering; ``OLD_NUMBERS`` says which of
today's migrations each old one was, so an older store is renumbered, never migrated
twice. Why and how: docs/decisions/store.md.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from newsdesk.errors import StoreError
from newsdesk.store.rows import to_iso

log = logging.getLogger(__name__)

# The placeholders of the shared migrations, per engine (see 0001_initial.sql).
_TYPES: dict[str, dict[str, str]] = {
    "sqlite": {
        "key": "INTEGER PRIMARY KEY",
        # An id never given twice, even after its row is deleted (0022_page_changes.sql).
        "lasting_key": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "ref": "INTEGER",
        "stamp": "TEXT",
        "bytes": "BLOB",
        "float": "REAL",
    },
    "postgres": {
        "key": "BIGSERIAL PRIMARY KEY",
        "lasting_key": "BIGSERIAL PRIMARY KEY",  # a sequence never gives an id twice
        "ref": "BIGINT",
        # Byte order whatever the database locale: ISO text then sorts as time does.
        "stamp": 'TEXT COLLATE "C"',
        "bytes": "BYTEA",
        "float": "DOUBLE PRECISION",
    },
}

# (number, name) as an older release recorded it -> today's numbers it stands for.
OLD_NUMBERS: dict[str, dict[tuple[int, str], tuple[int, ...]]] = {
    "sqlite": {
        (6, "0006_source_interval.sql"): (5,),
        (7, "0007_embeddings.sql"): (6,),
    },
    "postgres": {
        (1, "0001_initial.sql"): (1, 3),  # its first schema had the claims already
        (5, "0005_search.sql"): (2,),
        (6, "0006_source_interval.sql"): (5,),
        (7, "0007_embeddings.sql"): (6,),
    },
}

STATE_MOVE = 8  # the migration after whose statements ``move_state`` runs


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str  # NNNN_name.sql, whichever engine's file it is
    sql: str


@cache
def migrations(engine: str) -> tuple[Migration, ...]:
    """The packaged migrations of ``engine`` ("sqlite" or "postgres"), in order."""
    found = []
    for entry in resources.files("newsdesk.store.migrations").iterdir():
        parts = entry.name.split(".")
        if parts[-1] != "sql" or not parts[0][:4].isdigit():
            continue
        if len(parts) == 3 and parts[1] != engine:
            continue
        sql = _typed(entry.read_text(encoding="utf-8"), engine, entry.name)
        found.append(Migration(int(parts[0][:4]), parts[0] + ".sql", sql))
    return tuple(sorted(found, key=lambda m: m.number))


def _typed(sql: str, engine: str, name: str) -> str:
    types = _TYPES[engine]

    def swap(match: re.Match[str]) -> str:
        if match[1] not in types:
            raise StoreError(f"migration {name}: unknown placeholder {match[0]}")
        return types[match[1]]

    return re.sub(r"\{(\w+)\}", swap, sql)


def split_sql(sql: str) -> list[str]:
    """Split a migration into statements (our migrations have no ';' inside strings)."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def renumbered(engine: str, rows: Sequence[Any]) -> dict[int, tuple[str, str]]:
    """What has been applied, in today's numbers: number -> (name, applied_at).

    Args:
        engine: the store's engine.
        rows: the (number, name, applied_at) rows of ``schema_migrations``.

    Raises:
        StoreError: a migration that this release does not know was applied (a newer
            release migrated the store).
    """
    current = {m.number: m.name for m in migrations(engine)}
    done: dict[int, tuple[str, str]] = {}
    for number, name, applied_at in rows:
        mapped = OLD_NUMBERS[engine].get((int(number), name))
        if mapped is None and current.get(int(number)) == name:
            mapped = (int(number),)
        if mapped is None:
            raise StoreError(
                f"the store has migration {name} ({number}), which this newsdesk does not "
                "know: a newer release has migrated it"
            )
        for new in mapped:
            done[new] = (current[new], applied_at)
    return done


Execute = Callable[[str, Sequence[Any]], Any]
_SLOTS = {
    "extract.outlet_boilerplate": "outlet_boilerplate",
    "cluster.watch_lists": "cluster_watch_lists",
}


def move_state(execute: Execute) -> None:
    """Move the rows of the old ``state`` table into the typed tables, then drop it.

    Args:
        execute: runs one statement with ``?`` parameters and returns its cursor.
    """
    old = execute("SELECT key, value, updated_at FROM state", ()).fetchall()
    for key, value, updated_at in old:
        typed = _typed_row(str(key), str(value), str(updated_at))
        if typed is None:
            # Only the five kinds below were ever written by a release; say what is lost.
            log.warning("store migration: dropped the state row %r, which nothing reads", key)
        else:
            execute(*typed)
    execute("DROP TABLE state", ())


def _typed_row(key: str, value: str, updated_at: str) -> tuple[str, tuple[Any, ...]] | None:
    """The statement that keeps one ``state`` row in its typed table; None if unreadable."""
    kind, _, name = key.partition(":")
    if key in _SLOTS:
        sql = "UPDATE stage_state SET value = ?, updated_at = ? WHERE name = ?"
        return sql, (value, updated_at, _SLOTS[key])
    if kind == "llm":
        sql = "INSERT INTO llm_replies (key, reply, created_at) VALUES (?, ?, ?)"
        return sql, (key, value, updated_at)
    if kind == "watch.last_read" and (read_at := _stamp(value)):
        return "INSERT INTO source_reads (source_url, read_at) VALUES (?, ?)", (name, read_at)
    if kind == "robots" and (robots := _robots(value)):
        sql = "INSERT INTO robots_cache (origin, verdict, body, fetched_at) VALUES (?, ?, ?, ?)"
        return sql, (name, *robots)
    return None


def _stamp(text: object) -> str | None:
    try:
        return to_iso(datetime.fromisoformat(str(text)))
    except ValueError:
        return None


def _robots(value: str) -> tuple[str, str, str] | None:
    """(verdict, body, fetched_at) of an old robots row, None when it cannot be read."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, Mapping) or data.get("verdict") not in (
        "rules",
        "allow_all",
        "disallow_all",
    ):
        return None
    fetched_at = _stamp(data.get("at"))
    if fetched_at is None:
        return None
    return str(data["verdict"]), str(data.get("body", "")), fetched_at
