"""Fixtures of the ingest tests: a loopback server, test fetch options, a SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_loopback import LoopbackServer

from newsdesk.ingest.http import FetchOptions
from newsdesk.store import SQLiteStore


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    loopback = LoopbackServer()
    loopback.thread.start()
    try:
        yield loopback
    finally:
        loopback.httpd.shutdown()
        loopback.httpd.server_close()


@pytest.fixture
def options() -> FetchOptions:
    """Test manners: loopback allowed, no host delay, short timeouts, a 1 MB limit."""
    return FetchOptions(
        contact="ingest-tests@example.org",
        allow_private_addresses=True,
        timeout=3.0,
        connect_timeout=1.0,
        read_timeout=0.5,
        max_bytes=1_000_000,
        delay_per_host=0.0,
        concurrency_per_host=4,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "ingest.db")
    try:
        yield opened
    finally:
        opened.close()
