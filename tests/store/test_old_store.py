"""Stores written by release 5893dc7 open, migrate and keep every row, on both engines.

The fixtures (tests/fixtures/old_store, made by make_old_stores.py there) are the bundled
sample run through that release's `newsdesk run` and `newsdesk watch --once`: sources,
documents, articles, stories, versions, search rows, embeddings, runs and all five kinds
of rows of its string-keyed `state` table, which migration 0008 moves into typed tables.
That release numbered migrations per engine; the store renumbers them (never re-runs).
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from newsdesk.store import CachedRobots, SQLiteStore, Store
from newsdesk.store.migrate import migrations
from newsdesk.store.postgres import PostgresStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "old_store"
# Today's migration -> the one of the release's schema_migrations that stands for it.
WAS = {
    "sqlite": {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 7},
    "postgres": {1: 1, 2: 5, 3: 1, 4: 4, 5: 6, 6: 7},  # its first migration had the claims
}


# The old columns of each old table: later migrations may add columns, never change these.
Tables = dict[str, list[str]]


def sqlite_rows(conn: sqlite3.Connection, tables: Tables) -> dict[str, list[tuple[Any, ...]]]:
    return {
        t: [tuple(r) for r in conn.execute(f'SELECT {", ".join(c)} FROM "{t}" ORDER BY 1, 2')]
        for t, c in tables.items()
    }


def pg_rows(conn: psycopg.Connection[Any], tables: Tables) -> dict[str, list[tuple[Any, ...]]]:
    return {
        t: conn.execute(f"SELECT {', '.join(c)} FROM {t} ORDER BY 1, 2").fetchall()
        for t, c in tables.items()
    }


def check_clean(tmp_path: Path, store_url: str) -> None:
    config = tmp_path / "check.toml"
    config.write_text(f"[store]\nurl = {json.dumps(store_url)}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "check", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "store is consistent"), result


def assert_state_moved(store: Store, state: dict[str, tuple[str, str]]) -> None:
    """Each `state` row of the release is in its typed table, with the same value."""
    kinds = sorted(key.split(":")[0] for key in state)
    assert kinds == [
        "cluster.watch_lists",
        "extract.outlet_boilerplate",
        "llm",
        "robots",
        "robots",
        "watch.last_read",
        "watch.last_read",
    ]
    for key, (value, _) in state.items():
        kind, _, name = key.partition(":")
        if kind == "robots":
            saved = json.loads(value)
            at = datetime.fromisoformat(saved["at"])
            assert store.robots_cache(name) == CachedRobots(saved["verdict"], saved["body"], at)
        elif kind == "watch.last_read":
            assert store.last_read(name) == datetime.fromisoformat(value)
        elif kind == "llm":
            assert store.llm_reply(key) == value
        elif kind == "extract.outlet_boilerplate":
            assert store.outlet_boilerplate() == value
        else:
            lists = {int(k): v for k, v in json.loads(value).items()}
            assert store.cluster_watch_lists() == lists
    assert store.robots_cache("https://outlet-b.example") == CachedRobots(
        "disallow_all", "", datetime(2025, 6, 2, 8, 30, tzinfo=UTC)
    )
    robots = store.robots_cache("https://outlet-a.example")
    assert robots is not None and "Crawl-delay: 2" in robots.body


def assert_known_content(store: Store) -> None:
    """A few exact values of the fixture, read through today's store."""
    counts = store.counts()
    assert {k: counts[k] for k in ("sources", "raw_documents", "articles", "stories")} == {
        "sources": 2,
        "raw_documents": 31,
        "articles": 31,
        "stories": 12,
    }
    assert (counts["story_versions"], counts["runs"]) == (12, 2)
    assert store.stories_to_write() == [] and store.stories_to_publish() == []
    assert sorted(s.kind.value for s in store.list_sources()) == ["folder", "jsonl"]
    [latest] = store.latest_stories(limit=1)
    assert latest.version == 1 and latest.headline
    assert store.versions(latest.story_id)[0].draft.headline == latest.headline
    hits = store.search_stories(latest.headline.split()[:2], limit=5, offset=0)
    assert latest.story_id in [h.story_id for h in hits]


def assert_renumbered(engine: str, applied: list[Any], old: list[Any]) -> None:
    """Today's numbers, each with the time the release applied it (none was re-run)."""
    assert [r[0] for r in old] == sorted(set(WAS[engine].values()))
    assert [r[0] for r in applied] == [m.number for m in migrations(engine)]
    when = {r[0]: r[2] for r in applied}
    old_when = {r[0]: r[2] for r in old}
    assert {new: when[new] for new in WAS[engine]} == {
        new: old_when[was] for new, was in WAS[engine].items()
    }
    assert not {when[7], when[8]} & set(old_when.values())  # applied now


def test_sqlite_store_of_release_5893dc7_migrates_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "newsdesk.db"
    path.write_bytes(gzip.decompress((FIXTURES / "sqlite-5893dc7.db.gz").read_bytes()))
    with sqlite3.connect(path) as conn:
        tables = {
            r[0]: [c[1] for c in conn.execute(f'PRAGMA table_info("{r[0]}")')]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] not in ("state", "schema_migrations")
        }
        before = sqlite_rows(conn, tables)
        state = {k: (v, u) for k, v, u in conn.execute("SELECT * FROM state")}
        old = list(conn.execute("SELECT * FROM schema_migrations ORDER BY number"))
    store = SQLiteStore(path)
    try:
        assert sqlite_rows(store.conn, tables) == before
        assert_state_moved(store, state)
        assert_known_content(store)
        applied = [tuple(r) for r in store.conn.execute("SELECT * FROM schema_migrations")]
        assert_renumbered("sqlite", applied, old)
        assert store.migrate() == []
        fresh = SQLiteStore(tmp_path / "new.db")
        assert sqlite_schema(store.conn) == sqlite_schema(fresh.conn)
        fresh.close()
    finally:
        store.close()
    check_clean(tmp_path, str(path))


def sqlite_schema(conn: sqlite3.Connection) -> dict[str, Any]:
    """Tables with their columns, and indexes with their definitions."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        "columns": {
            t: [tuple(c)[1:] for c in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables
        },
        "indexes": sorted(
            tuple(r)
            for r in conn.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
            )
        ),
    }


def test_postgres_store_of_release_5893dc7_migrates_without_loss(
    pg_server: Any, tmp_path: Path
) -> None:
    url = pg_server.new_database()
    dump = gzip.decompress((FIXTURES / "postgres-5893dc7.sql.gz").read_bytes()).decode()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(dump)  # plain SQL, no parameters: run as one script
    with psycopg.connect(url) as conn:
        tables: Tables = {}
        for name, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ):
            if name not in ("state", "schema_migrations"):
                tables.setdefault(name, []).append(column)
        before = pg_rows(conn, tables)
        state = {k: (v, u) for k, v, u in conn.execute("SELECT * FROM state")}
        old = conn.execute("SELECT * FROM schema_migrations ORDER BY number").fetchall()
    store = PostgresStore(url)
    try:
        assert pg_rows(store.conn.raw, tables) == before
        assert_state_moved(store, state)
        assert_known_content(store)
        applied = store.conn.raw.execute("SELECT * FROM schema_migrations ORDER BY 1").fetchall()
        assert_renumbered("postgres", applied, old)
        assert store.migrate() == []
        # Still a working store: new rows get fresh ids from the restored sequences.
        assert store.create_story(datetime(2025, 7, 1, tzinfo=UTC)) == 13
    finally:
        store.close()
    fresh = PostgresStore(pg_server.new_database())
    try:
        with psycopg.connect(url) as conn:
            assert pg_schema(conn) == pg_schema(fresh.conn.raw)
    finally:
        fresh.close()
    check_clean(tmp_path, url)


def pg_schema(conn: Any) -> dict[str, Any]:
    """Columns with their types, collations and defaults; indexes; constraints."""
    return {
        "columns": conn.execute(
            "SELECT table_name, column_name, data_type, collation_name, is_nullable, "
            "column_default, generation_expression FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ).fetchall(),
        "indexes": conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall(),
        "constraints": conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
        ).fetchall(),
    }
