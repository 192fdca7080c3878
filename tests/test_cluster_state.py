"""The clusterer's saved window: rebuilt from its rows it decides exactly as the live one.

Texts: the GoogleNews-STC and NeuS slices in ``tests/fixtures/datasets`` (real titles and
leads), dated here twenty minutes apart with outlets in turn, so that stories close while
others grow, outlets meet and late joins and merges happen.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.cluster import (
    NEW_STORY_IDS,
    Assignment,
    ClusterOptions,
    ClusterState,
    StoryClusterer,
    cluster,
    state_of_rows,
    state_rows,
)
from newsdesk.cluster.stage import live_clusterer
from newsdesk.evaluate.clustering import record_to_article
from newsdesk.evaluate.data import iter_records
from newsdesk.models import Article

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"
T0 = datetime(2021, 5, 3, 6, 0, tzinfo=UTC)
# The slices are dated densely: a longer decay and event span keep joins and merges.
OPTIONS = ClusterOptions(quiet_hours=24, decay_half_life_hours=48, event_hours=48)


def stream(name: str = "googlenews-stc") -> list[Article]:
    outlets = itertools.cycle(["Wire", "Left Ledger", "Right Review", "Wire", "Courier"])
    return [
        replace(
            record_to_article(r, i + 1),
            published_at=T0 + timedelta(minutes=20 * i),
            site_name=next(outlets),
        )
        for i, r in enumerate(iter_records(DATASETS / name))
    ]


def replay(clusterer: StoryClusterer, articles: list[Article], first_id: int) -> list[Assignment]:
    decisions = []
    for n, article in enumerate(articles):
        decision = clusterer.assign(article)
        decisions.append(decision)
        clusterer.commit(article, decision.story_id or first_id + n, decision.merged)
    return decisions


def through_rows(state: ClusterState) -> ClusterState:
    """The state as the store keeps it and gives it back."""
    return state_of_rows(state_rows(state))


@pytest.mark.parametrize(
    ("name", "idf_memory", "late_core_floor"),
    [
        ("googlenews-stc", 5_000, 0.0),
        ("googlenews-stc", 40, 0.0),
        ("googlenews-stc", 5_000, OPTIONS.late_core_floor),
        ("neus-story-clustering", 5_000, OPTIONS.late_core_floor),
    ],
)
def test_a_rebuilt_window_decides_exactly_as_the_live_one(
    name: str, idf_memory: int, late_core_floor: float
) -> None:
    # The IDF table also counts closed stories' newest articles (40: it forgets some).
    # The snippets' late joins tell little of each other's core (cluster/core.py): with
    # that test off they merge stories, so that merges are replayed too.
    options = replace(OPTIONS, idf_memory=idf_memory, late_core_floor=late_core_floor)
    articles = stream(name)
    live = StoryClusterer(options)
    expected = replay(live, articles, 10_000)
    joined = [d for d in expected if d.story_id is not None]
    assert len(joined) >= 15
    if name == "googlenews-stc" and late_core_floor == 0.0:
        assert sum(bool(d.merged) for d in expected) > 0  # merges and late joins happened
    remembered = []
    for cut in (37, len(articles) // 2, len(articles) - 25):
        first = StoryClusterer(options)
        replay(first, articles[:cut], 10_000)
        saved = through_rows(first.snapshot())
        assert saved.stories and len(saved.stories) < cut  # stories closed on the way
        remembered.append(len(saved.retired))  # closed stories' articles still counted
        rebuilt = StoryClusterer.from_state(saved, options)
        # The kinds of the window's articles are not saved: the stage hands them over.
        rebuilt.views.note(articles[i - 1] for ids in saved.story_members().values() for i in ids)
        assert replay(rebuilt, articles[cut:], 10_000 + cut) == expected[cut:], cut
    assert max(remembered) == min(idf_memory, max(remembered)) > 0
    if idf_memory == 40:
        assert max(remembered) == 40  # full: the oldest were forgotten


def test_a_window_rebuilt_from_its_articles_is_not_the_same_window() -> None:
    """Why the window is saved: the articles weighed again with today's IDF, as a store
    that kept no window rebuilds it, give other vectors than those that placed them."""
    articles = stream()
    first = StoryClusterer(OPTIONS)
    replay(first, articles[:200], 10_000)
    kept = first.snapshot()
    again = StoryClusterer(OPTIONS)
    for sid, ids in kept.story_members().items():
        again.restore(sid, [articles[i - 1] for i in ids])
    redone = again.snapshot()
    both = kept.members.keys() & redone.members.keys()
    assert len(both) > 50
    assert any(redone.members[i].vector != kept.members[i].vector for i in both)


def in_batches(articles: list[Article], size: int, *, rebuild: bool) -> list[tuple[int, int]]:
    """The stage called a batch at a time as the pipeline does, the store's ids made up
    here; returns (article id, story id) placements. ``rebuild``: each call gets the state
    as read back from rows (a new run), else the one the last call returned."""
    state = ClusterState()
    stories: list = []
    next_story = 1
    placed = []
    for start in range(0, len(articles), size):
        result = cluster(articles[start : start + size], stories, state, OPTIONS, now=T0)
        ids = {}
        for p in result.placements:
            if p.opens:
                ids[p.story_id] = next_story
                next_story += 1
            placed.append((p.article_id, ids.get(p.story_id, p.story_id)))
        state, stories = result.renumbered(ids)
        assert all(sid < NEW_STORY_IDS for sid in state.stories)
        if rebuild:
            state = through_rows(state)
    return placed


def test_batches_place_articles_as_one_call_whether_the_clusterer_goes_on_or_is_rebuilt() -> None:
    articles = stream()
    one_call = in_batches(articles, len(articles), rebuild=False)
    assert in_batches(articles, 60, rebuild=False) == one_call
    assert in_batches(articles, 60, rebuild=True) == one_call


def test_a_state_whose_clusterer_moved_on_is_rebuilt_not_reused() -> None:
    articles = stream()
    start = cluster(articles[:100], [], ClusterState(), OPTIONS, now=T0)
    state, stories = start.renumbered({})
    again = [cluster(articles[100:], stories, state, OPTIONS, now=T0) for _ in range(2)]
    assert live_clusterer(state) is None  # the first call went on with it
    assert again[0].placements == again[1].placements
    assert (
        again[1].placements
        == cluster(articles[100:], stories, through_rows(state), OPTIONS, now=T0).placements
    )


def reordered(state: ClusterState) -> ClusterState:
    """The same state with its articles and stories listed the other way round."""
    return ClusterState(
        dict(reversed(state.members.items())),
        dict(reversed(state.stories.items())),
        state.next_seq,
        state.newest,
    )


def test_tied_candidates_do_not_depend_on_the_order_the_window_was_built_in() -> None:
    """Twelve open stories equally near an article, ten candidates: which ten must not
    depend on the order the postings were filled in (a rebuilt window fills them in
    another order than the live one did)."""
    one = stream()[0]
    live = StoryClusterer(OPTIONS)
    for n in range(12):
        live.commit(replace(one, id=100 + n, url=f"{one.url}/{n}"), 500 + n)
    state = live.snapshot()
    probe = replace(one, id=1, url=one.url + "/probe")
    ranked = [
        StoryClusterer.from_state(s, OPTIONS).scores(probe) for s in (state, reordered(state))
    ]
    assert len(ranked[0]) == OPTIONS.max_candidates
    assert ranked[0] == ranked[1]
