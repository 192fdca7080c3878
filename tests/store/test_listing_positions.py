"""``latest_stories(after=...)``: keyset paging on both engines (issue 19)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.errors import BadCursorError
from newsdesk.models import Article, Draft, RawDocument, Sentence, StoryVersion
from newsdesk.store import open_store
from newsdesk.store.base import Store

T0 = datetime(2025, 1, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "t.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_store(url)
    yield opened
    opened.close()


def story_at(store: Store, n: int, when: datetime) -> int:
    key = f"https://a.example/{n}"
    raw_id, _ = store.add_raw(RawDocument(key, key, key, 200, {}, b"x", T0))
    article_id = store.save_article(Article(key, "T", ("One.",), when, raw_id=raw_id))
    story_id = store.create_story(when)
    store.add_to_story(story_id, article_id, when)
    store.save_version(StoryVersion(story_id, 1, Draft("H", Sentence("S.", ()), ()), T0, ()), None)
    return story_id


def test_pages_follow_one_listing_through_ties(store: Store) -> None:
    # Three stories share each newest-article time: the id decides between them.
    for n in range(20):
        story_at(store, n, T0 + timedelta(minutes=n // 3))
    everything = [s.story_id for s in store.latest_stories(limit=100)]
    seen: list[int] = []
    after = None
    while page := store.latest_stories(limit=4, after=after):
        seen += [s.story_id for s in page]
        after = page[-1].position
    assert seen == everything and len(seen) == 20
    # New stories go on top: what follows a position stays as it was.
    middle = store.latest_stories(limit=10)[-1]
    rest = [s.story_id for s in store.latest_stories(limit=100, after=middle.position)]
    assert rest == everything[10:]
    story_at(store, 98, T0 + timedelta(hours=1))
    story_at(store, 99, T0 + timedelta(minutes=6))  # ties with the newest of before
    assert [s.story_id for s in store.latest_stories(limit=100, after=middle.position)] == rest


@pytest.mark.parametrize("bad", ["", "12", "x@2025", "12@", "-1@2025", "1@" + "9" * 80, "1@\n"])
def test_a_made_up_position_is_one_clear_error(store: Store, bad: str) -> None:
    with pytest.raises(BadCursorError):
        store.latest_stories(limit=3, after=bad)
