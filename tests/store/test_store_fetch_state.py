"""Store contract for ingestion state: fetch state per URL, source health, managed sources.

Runs against SQLiteStore and a real PostgreSQL server alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.models import FetchState, RawDocument, Source, SourceHealth, SourceKind
from newsdesk.store import open_store
from newsdesk.store.base import Store

T0 = datetime(2025, 1, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = str(tmp_path / "t.db")
    else:
        url = str(request.getfixturevalue("pg_url"))
    opened = open_store(url)
    try:
        yield opened
    finally:
        opened.close()


def test_fetch_state_round_trips_and_updates(store: Store) -> None:
    assert store.fetch_state("https://a.example/feed") is None
    first = FetchState("https://a.example/feed", etag='"v1"', last_modified="x", status=200,
                       fetched_at=T0)  # fmt: skip
    store.save_fetch_state(first)
    assert store.fetch_state("https://a.example/feed") == first
    moved = FetchState(
        "https://a.example/feed",
        etag='"v2"',
        permanent_url="https://b.example/feed",
        status=301,
        fetched_at=T0 + timedelta(hours=1),
    )
    store.save_fetch_state(moved)
    assert store.fetch_state("https://a.example/feed") == moved


def test_source_health_defaults_saves_and_retires(store: Store) -> None:
    source_id = store.upsert_source(Source("https://a.example/feed", SourceKind.FEED))
    assert store.source_health(source_id) == SourceHealth(source_id)
    failing = SourceHealth(
        source_id,
        last_attempt=T0,
        last_error="http_500",
        last_error_detail="server error",
        last_error_at=T0,
        next_attempt=T0 + timedelta(minutes=10),
        failures=2,
    )
    store.save_source_health(failing)
    assert store.source_health(source_id) == failing
    healed = SourceHealth(source_id, last_attempt=T0, last_success=T0, failures=0)
    store.save_source_health(healed)
    assert store.source_health(source_id) == healed
    store.retire_source(source_id, T0)
    assert store.source_health(source_id).retired_at == T0


def test_managed_sources_are_apart_from_config_sources(store: Store) -> None:
    store.upsert_source(Source("https://config.example/feed", SourceKind.FEED, "Config"))
    added = store.add_source(Source("https://cli.example/feed", SourceKind.FEED, "CLI"))
    # A config upsert of a managed source keeps it managed.
    assert store.upsert_source(Source("https://cli.example/feed", SourceKind.FEED)) == added
    assert [s.url for s in store.managed_sources()] == ["https://cli.example/feed"]
    assert len(store.list_sources()) == 2


def test_a_source_keeps_its_read_interval(store: Store) -> None:
    store.add_source(Source("https://cli.example/feed", SourceKind.FEED, interval_minutes=15.0))
    store.upsert_source(Source("https://config.example/feed", SourceKind.FEED))
    by_url = {s.url: s.interval_minutes for s in store.list_sources()}
    assert by_url == {"https://cli.example/feed": 15.0, "https://config.example/feed": None}
    assert [s.interval_minutes for s in store.managed_sources()] == [15.0]


def test_removing_a_source_keeps_its_documents_and_drops_its_health(store: Store) -> None:
    source_id = store.add_source(Source("https://a.example/feed", SourceKind.FEED))
    store.save_source_health(SourceHealth(source_id, failures=1, last_error="timeout"))
    doc = RawDocument(
        key="https://a.example/1",
        url="https://a.example/1",
        final_url="https://a.example/1",
        status=200,
        headers={},
        body=b"<html>x</html>",
        fetched_at=T0,
        source_id=source_id,
    )
    store.add_raw(doc)
    assert store.remove_source("https://a.example/feed") is True
    assert store.remove_source("https://a.example/feed") is False
    assert store.list_sources() == []
    assert store.has_raw("https://a.example/1")
    assert store.pending_raw()[0].source_id is None
    assert store.source_health(source_id) == SourceHealth(source_id)
