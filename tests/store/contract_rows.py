"""Rows the store contract tests store: raw documents, articles, versions."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import psycopg

from newsdesk.models import Article, Draft, RawDocument, Sentence, StoryVersion
from newsdesk.store.base import Store

T0 = datetime(2025, 1, 24, 12, 0, tzinfo=UTC)
INTEGRITY_ERRORS = (sqlite3.IntegrityError, psycopg.errors.IntegrityError)


def raw(key: str, body: bytes = b"<html>x</html>") -> RawDocument:
    return RawDocument(
        key=key, url=key, final_url=key, status=200, headers={"a": "b"}, body=body, fetched_at=T0
    )


def article(raw_id: int, url: str, title: str = "T", when: datetime = T0) -> Article:
    return Article(
        url=url,
        title=title,
        paragraphs=("One.", "Two."),
        published_at=when,
        site_name="Outlet",
        raw_id=raw_id,
    )


def version(story_id: int, n: int, cited: tuple[int, ...]) -> StoryVersion:
    return StoryVersion(story_id, n, Draft("H", Sentence("S.", cited), ()), T0, cited)


def stored_article(store: Store, n: int, when: datetime = T0, site: str = "Outlet") -> int:
    rid, _ = store.add_raw(raw(f"https://a.example/{n}"))
    item = article(rid, f"https://a.example/{n}", when=when)
    return store.save_article(
        Article(**{**{f: getattr(item, f) for f in item.__dataclass_fields__}, "site_name": site})
    )


def _stories(store: Store, n: int, *, written: bool) -> list[int]:
    stories = []
    for i in range(n):
        aid = stored_article(store, i)
        store.mark_duplicate(aid, None)
        stories.append(store.create_story(T0))
        store.add_to_story(stories[-1], aid, T0)
        if written:
            store.save_version(version(stories[-1], 1, (aid,)), None)
    return stories


def stories_to_write(store: Store, n: int) -> list[int]:
    """``n`` stories of one article each (``stored_article`` 0..n-1), not written yet."""
    return _stories(store, n, written=False)


def written_stories(store: Store, n: int) -> list[int]:
    """``stories_to_write`` with a first version each, citing its article."""
    return _stories(store, n, written=True)
