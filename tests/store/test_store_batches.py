"""Lookups of many items at once answer as the one-item lookups do, in one query per batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest
from contract_rows import T0, raw, stored_article, stories_to_write, version

from newsdesk.store.base import Store


def count_queries(store: Store, monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Count the store's reads from now on; returns a function giving the count so far."""
    seen: list[str] = []
    rows = store._rows  # type: ignore[attr-defined]

    def counted(sql: str, params: Sequence[Any] = ()) -> list[Any]:
        seen.append(sql)
        return rows(sql, params)  # type: ignore[no-any-return]

    monkeypatch.setattr(store, "_rows", counted)
    return lambda: len(seen)


def test_known_raw_answers_as_has_raw_in_one_query(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(0, 20, 2):
        store.add_raw(raw(f"https://a.example/{n}"))
    keys = [f"https://a.example/{n}" for n in range(20)] + ["https://a.example/2"]
    queries = count_queries(store, monkeypatch)
    known = store.known_raw(keys)
    assert queries() == 1
    assert (
        known
        == {k for k in keys if store.has_raw(k)}
        == {f"https://a.example/{n}" for n in range(0, 20, 2)}
    )
    assert store.known_raw([]) == set()


def test_duplicates_and_stories_of_articles_in_one_query_each(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [stored_article(store, n, T0 + timedelta(hours=n)) for n in range(6)]
    for i in ids[:3]:
        store.mark_duplicate(i, None)
    for copy, original in zip(ids[3:5], ids[:2], strict=True):
        store.mark_duplicate(copy, original)
    story = store.create_story(T0)
    for i in (ids[0], ids[3]):
        store.add_to_story(story, i, T0)
    other = store.create_story(T0)
    store.add_to_story(other, ids[1], T0)
    queries = count_queries(store, monkeypatch)
    copies, homes = store.duplicates_of(ids), store.stories_of(ids)
    assert queries() == 2
    assert copies == {i: d for i in ids if (d := store.duplicate_of(i)) is not None}
    assert copies == {ids[3]: ids[0], ids[4]: ids[1]}
    assert homes == {i: s for i in ids if (s := store.story_of(i)) is not None}
    assert homes == {ids[0]: story, ids[3]: story, ids[1]: other}


def test_resolve_stories_follows_merges_in_one_query(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    stories = stories_to_write(store, 3)
    store.merge_stories(stories[2], stories[:2], T0)
    asked = [*stories, 999_999]
    queries = count_queries(store, monkeypatch)
    resolved = store.resolve_stories(asked)
    assert queries() == 1
    assert resolved == {s: r for s in asked if (r := store.resolve_story(s)) is not None}
    assert resolved == dict.fromkeys(stories, stories[2])


def test_batches_split_past_the_parameter_bound(store: Store) -> None:
    keys = [f"https://b.example/{n}" for n in range(1200)]
    for key in keys[::3]:
        store.add_raw(raw(key))
    assert store.known_raw(keys) == set(keys[::3])


def written(store: Store, n: int, first: int = 0) -> list[int]:
    """``n`` stories of one article each, with two versions (the second with coverage)."""
    stories = []
    for i in range(first, first + n):
        aid = stored_article(store, i)
        store.mark_duplicate(aid, None)
        stories.append(store.create_story(T0))
        store.add_to_story(stories[-1], aid, T0)
        store.save_version(version(stories[-1], 1, (aid,)), None)
        store.save_version(version(stories[-1], 2, (aid,)), {"outlets": [i]})
    return stories


def test_versions_coverage_and_stories_of_several_answer_as_one_at_a_time(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = written(store, 3)
    store.merge_stories(c, [b], T0)
    bare = store.create_story(T0)
    asked = [a, b, c, bare, 999_999]
    queries = count_queries(store, monkeypatch)
    versions = store.versions_of(asked)
    coverages = store.coverages({a: 2, b: 1, c: 2, bare: 1, 999_999: 1})
    stories = store.stories_by_id(asked)
    assert queries() == 4  # stories_by_id reads the stories, then their members
    assert versions == {s: v for s in asked if (v := store.versions(s))}
    assert [v.version for v in versions[a]] == [1, 2]
    assert coverages == {a: {"outlets": [0]}, c: {"outlets": [2]}}  # b's version 1 has none
    assert coverages == {
        s: found for s, n in ((a, 2), (b, 1), (c, 2)) if (found := store.coverage(s, n))
    }
    assert stories == {s: found for s in asked if (found := store.story(s)) is not None}
    assert stories[b].merged_into == c and stories[bare].article_ids == ()


def test_the_publish_stage_reads_a_batch_in_a_fixed_number_of_queries(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``_story_states`` read versions, coverage and the story row per story (N+1)."""
    from newsdesk.pipeline import _story_states
    from newsdesk.ratings import OutletLeanings

    leanings = OutletLeanings.read(store)
    few, many = written(store, 3), written(store, 30, first=3)
    store.merge_stories(many[1], [many[0]], T0)
    counts = []
    for batch in (few, many):
        queries = count_queries(store, monkeypatch)
        states = list(_story_states(store, batch, leanings))
        counts.append(queries())
        monkeypatch.undo()
        assert [s.id for s in states] == batch
        for state in states:
            assert state.versions == tuple(store.versions(state.id))
            if state.shows != state.id:
                assert state.shows == many[1] and state.coverage is None
                continue
            assert state.coverage == store.coverage(state.id, 2)
            assert len(state.members) == (2 if state.id == many[1] else 1)
            assert state.storyline_id is None and state.status == store.story(state.id).status  # type: ignore[union-attr]
    assert counts[0] == counts[1]
