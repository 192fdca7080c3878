"""The migration list of each engine, and the move of the old `state` rows."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.errors import StoreError
from newsdesk.store import CachedRobots, SQLiteStore
from newsdesk.store.migrate import migrations, renumbered


def test_both_engines_have_one_numbering_and_their_own_search() -> None:
    sqlite, postgres = migrations("sqlite"), migrations("postgres")
    assert [(m.number, m.name) for m in sqlite] == [(m.number, m.name) for m in postgres]
    numbers = [m.number for m in sqlite]  # numbers are taken in blocks, so gaps are allowed
    assert numbers == sorted(set(numbers)) and numbers[:9] == list(range(1, 10))
    search = {m.number: m for m in sqlite}[2], {m.number: m for m in postgres}[2]
    assert "fts5" in search[0].sql and "tsvector" in search[1].sql
    assert all("{" not in m.sql.replace("'{}'", "") for m in [*sqlite, *postgres])
    assert "BIGSERIAL PRIMARY KEY" in postgres[0].sql and "BIGSERIAL" not in sqlite[0].sql


def test_a_store_migrated_by_a_newer_release_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, '0099_future.sql', 'x')")
    with pytest.raises(StoreError, match=r"0099_future\.sql .* newer release"):
        SQLiteStore(path)
    # Old numbers are only read as old where the release wrote them that way.
    with pytest.raises(StoreError, match=r"0005_search\.sql"):
        renumbered("sqlite", [(5, "0005_search.sql", "x")])


def test_state_rows_move_to_typed_tables_and_unreadable_ones_are_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A store at migration 7 with `state` rows, good and bad, migrated to today's."""
    path = tmp_path / "t.db"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL)"
        )
        for m in migrations("sqlite")[:7]:
            conn.executescript(m.sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (m.number, m.name))
        stamp = "2025-01-02T03:04:05+01:00"
        conn.executemany(
            "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)",
            [
                (
                    "robots:https://a.example",
                    '{"verdict": "rules", "body": "x\\u0000y", "at": "2025-01-02T03:04:05+00:00"}',
                    stamp,
                ),
                ("robots:https://bad.example", "not json", stamp),
                (
                    "robots:https://odd.example",
                    '{"verdict": "maybe", "body": "", "at": "2025-01-02"}',
                    stamp,
                ),
                ("watch.last_read:https://a.example/feed", stamp, stamp),
                ("watch.last_read:https://b.example/feed", "yesterday", stamp),
                ("llm:abc", "reply", stamp),
                ("extract.outlet_boilerplate", '{"docs": {}}', stamp),
                ("something.else", "v", stamp),
            ],
        )
    with caplog.at_level(logging.WARNING, logger="newsdesk.store.migrate"):
        store = SQLiteStore(path)
    try:
        when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert store.robots_cache("https://a.example") == CachedRobots("rules", "x\x00y", when)
        assert store.robots_cache("https://bad.example") is None
        assert store.robots_cache("https://odd.example") is None
        assert store.last_read("https://a.example/feed") == datetime.fromisoformat(stamp)
        assert store.last_read("https://b.example/feed") is None
        assert store.llm_reply("llm:abc") == "reply"
        assert store.outlet_boilerplate() == '{"docs": {}}'
        assert store.cluster_watch_lists() == {}
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert "state" not in tables
    finally:
        store.close()
    dropped = sorted(r.getMessage().split("row ")[1] for r in caplog.records)
    assert dropped == [
        "'robots:https://bad.example', which nothing reads",
        "'robots:https://odd.example', which nothing reads",
        "'something.else', which nothing reads",
        "'watch.last_read:https://b.example/feed', which nothing reads",
    ]
