"""The Store contract, both engines: editorial columns (kinds, leanings, perspectives,
sections), storylines and operator status."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from contract_rows import T0, article, raw, stored_article, version

from newsdesk.models import (
    Article,
    ArticleKind,
    Draft,
    Leaning,
    NoteKind,
    Perspective,
    RawDocument,
    Sentence,
    Source,
    SourceKind,
    StoryNote,
    StoryStatus,
    StoryVersion,
)
from newsdesk.store.base import Store


def test_kinds_leanings_perspectives_sections_and_storylines_are_kept(store: Store) -> None:
    source_id = store.upsert_source(
        Source("https://left.example/feed", SourceKind.FEED, "Left", leaning=Leaning.LEAN_LEFT)
    )
    store.upsert_source(Source("https://plain.example/feed", SourceKind.FEED))
    leanings = {s.url: s.leaning for s in store.list_sources()}
    assert leanings == {
        "https://left.example/feed": Leaning.LEAN_LEFT,
        "https://plain.example/feed": None,
    }
    rid, _ = store.add_raw(raw("https://left.example/a"))
    item = article(rid, "https://left.example/a")
    column = Article(
        **{f: getattr(item, f) for f in item.__dataclass_fields__}
        | {"kind": ArticleKind.OPINION, "source_id": source_id}
    )
    aid = store.save_article(column)
    unknown = stored_article(store, 2)
    kinds = {a.id: a.kind for a in store.articles([aid, unknown])}
    assert kinds == {aid: ArticleKind.OPINION, unknown: None}

    story = store.create_story(T0)
    store.add_to_story(story, aid, T0)
    argues = Perspective("In Left, Ann Lee argues that the plan fails.", aid)
    draft = Draft("H", Sentence("S.", (aid,)), (), perspectives=(argues,))
    store.save_version(StoryVersion(story, 1, draft, T0, (aid,)), None)
    assert store.versions(story)[0].draft.perspectives == (argues,)

    later = store.create_story(T0 + timedelta(days=2))
    line = store.create_storyline(T0)
    for member in (story, later):
        store.set_storyline(member, line)
    store.set_section(story, "Politics")
    assert store.storyline_stories(line) == [story, later]
    found = store.story(story)
    assert found is not None
    assert (found.section, found.storyline_id, found.article_ids) == ("Politics", line, (aid,))
    [summary] = store.latest_stories(limit=1)
    assert (summary.story_id, summary.section, summary.storyline_id) == (story, "Politics", line)
    store.set_storyline(later, None)
    assert store.storyline_stories(line) == [story]
    assert store.story(10_000) is None


def test_a_story_joins_the_storyline_of_the_story_it_follows(store: Store) -> None:
    first, second, third = (store.create_story(T0 + timedelta(days=d)) for d in (0, 2, 3))
    line = store.join_storyline(second, first, T0)  # the first story had none: one opens
    assert store.storyline_stories(line) == [first, second]
    assert store.join_storyline(third, second, T0) == line  # a third event, the same line
    assert store.storyline_stories(line) == [first, second, third]
    assert {s.storyline_id for s in map(store.story, (first, second, third)) if s} == {line}


def test_a_merge_carries_the_absorbed_storys_storyline_to_the_survivor(store: Store) -> None:
    def line_of(story: int) -> int | None:
        found = store.story(story)
        assert found is not None
        return found.storyline_id

    before, absorbed, survivor = (store.create_story(T0 + timedelta(days=d)) for d in (0, 2, 3))
    line = store.join_storyline(absorbed, before, T0)
    store.merge_stories(survivor, [absorbed], T0)
    assert store.storyline_stories(line) == [before, survivor]
    assert (line_of(survivor), line_of(absorbed)) == (line, None)

    # Both in storylines: the same event joins them into one, the survivor's.
    a, b, c, d = (store.create_story(T0 + timedelta(days=n)) for n in (4, 5, 6, 7))
    kept = store.join_storyline(b, a, T0)
    gone = store.join_storyline(d, c, T0)
    store.merge_stories(b, [d], T0)
    assert store.storyline_stories(kept) == [a, b, c]
    assert store.storyline_stories(gone) == []
    assert {line_of(x) for x in (a, b, c)} == {kept}

    # The later event turns out to be the same one: alone, the survivor is in none.
    first, then = store.create_story(T0), store.create_story(T0 + timedelta(days=1))
    pair = store.join_storyline(then, first, T0)
    store.merge_stories(first, [then], T0)
    assert (line_of(first), line_of(then), store.storyline_stories(pair)) == (None, None, [])

    # One transaction: a merge that fails later in its transaction leaves nothing behind.
    x, y = store.create_story(T0), store.create_story(T0)
    solo = store.join_storyline(y, before, T0)
    assert solo == line
    with pytest.raises(RuntimeError), store.transaction():
        store.merge_stories(x, [y], T0)
        raise RuntimeError("killed")
    assert (line_of(x), line_of(y)) == (None, line)
    assert store.resolve_story(y) == y


def test_stories_not_live_are_those_an_operator_retracted_or_suppressed(store: Store) -> None:
    live, retracted, suppressed = (store.create_story(T0) for _ in range(3))
    for story in (live, retracted, suppressed):
        store.save_version(version(story, 1, ()), None)
    for story, status in ((retracted, StoryStatus.RETRACTED), (suppressed, StoryStatus.SUPPRESSED)):
        note = StoryNote(story, NoteKind.RETRACTION, "Wrong.", 1, T0)
        store.add_story_note(note, status)
    assert store.stories_not_live([live, retracted, suppressed, 10_000]) == {
        retracted,
        suppressed,
    }
    assert store.stories_not_live([]) == set()


def test_a_storyline_lists_its_stories_in_the_order_their_events_happened(
    store: Store,
) -> None:
    def dated(n: int, when: datetime | None, fetched: datetime = T0) -> int:
        url = f"https://e.example/{n}"
        rid, _ = store.add_raw(RawDocument(url, url, url, 200, {}, b"x", fetched))
        return store.save_article(replace(article(rid, url), published_at=when))

    def story_with(aid: int, made: datetime) -> int:
        story = store.create_story(made)
        store.add_to_story(story, aid, made)
        return story

    # Made in one order (a backfill reaches older news last), happened in another.
    first_of_late = dated(1, T0 + timedelta(days=3))
    late = story_with(first_of_late, T0)
    early = story_with(dated(2, T0 + timedelta(days=1)), T0 + timedelta(hours=1))
    tie_b = story_with(dated(3, T0 + timedelta(days=2)), T0 + timedelta(hours=3))
    tie_a = story_with(dated(4, T0 + timedelta(days=2)), T0 + timedelta(hours=2))
    undated = story_with(dated(5, None, fetched=T0 + timedelta(days=1, hours=12)), T0)
    copy = dated(6, T0 - timedelta(days=9))
    store.mark_duplicate(copy, first_of_late)
    store.add_to_story(late, copy, T0)  # a copy dated earlier does not move its story
    line = store.create_storyline(T0)
    for member in (late, early, tie_b, tie_a, undated):
        store.set_storyline(member, line)
    # An undated story by its fetch time; the same first report: by id.
    assert store.storyline_stories(line) == [early, undated, tie_b, tie_a, late]
