"""Persistent state: the Store interface and its SQLite implementation."""

from newsdesk.store.base import Store, StoryMember, StorySummary
from newsdesk.store.sqlite import SQLiteStore, open_store

__all__ = ["SQLiteStore", "Store", "StoryMember", "StorySummary", "open_store"]
