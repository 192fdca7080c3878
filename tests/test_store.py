"""SQLite-specific behaviour of the store. The behaviour every backend shares is in
tests/store/test_store_contract.py, which runs on SQLite and PostgreSQL alike."""

import sqlite3
from pathlib import Path

import pytest

from newsdesk.errors import StoreError
from newsdesk.store import SQLiteStore
from newsdesk.store.migrate import migrations


def test_pragmas_and_migrations(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    applied = [r[0] for r in store.conn.execute("SELECT number FROM schema_migrations")]
    assert applied == [m.number for m in migrations("sqlite")]
    # Opening again applies nothing twice.
    again = SQLiteStore(tmp_path / "t.db")
    assert again.migrate() == []


def test_unopenable_store_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        SQLiteStore(bad)


def test_opening_a_migrated_store_waits_for_no_writer(tmp_path: Path) -> None:
    """`serve` opens a store per thread while a run writes: opening takes no write lock."""
    SQLiteStore(tmp_path / "t.db").close()
    writer = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a run's write transaction, held
    try:
        reader = SQLiteStore(tmp_path / "t.db")
        assert reader.counts()["runs"] == 0
        reader.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
