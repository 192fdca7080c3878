"""Persistent state: the Store protocols, and ``open_store`` for SQLite or PostgreSQL."""

from newsdesk.store.base import (
    CacheStore,
    ControlStore,
    DocumentStore,
    MailStore,
    RetentionStore,
    RunStore,
    SearchIndex,
    SourceStore,
    Store,
    StoryStore,
)
from newsdesk.store.records import CachedRobots, SearchHit, StoryMember, StorySummary
from newsdesk.store.sqlite import SQLiteStore


def open_store(url: str) -> Store:
    """Open the store a config names: a SQLite path (or sqlite:/// URL) or a PostgreSQL URL.

    Args:
        url: ``postgres://`` or ``postgresql://`` for PostgreSQL, anything else is a path.

    Returns:
        The opened, migrated store.
    """
    if url.startswith(("postgres://", "postgresql://")):
        from newsdesk.store.postgres import PostgresStore  # psycopg only when asked for

        return PostgresStore(url)
    return SQLiteStore(url.removeprefix("sqlite:///"))


__all__ = [
    "CacheStore",
    "CachedRobots",
    "ControlStore",
    "DocumentStore",
    "MailStore",
    "RetentionStore",
    "RunStore",
    "SQLiteStore",
    "SearchHit",
    "SearchIndex",
    "SourceStore",
    "Store",
    "StoryMember",
    "StoryStore",
    "StorySummary",
    "open_store",
]
