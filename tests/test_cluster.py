"""Online story clustering on real article texts.

Texts: article bodies from the article-extraction-benchmark ground truth (two of them,
from The Hill and NJ.com, report the same South Dakota anti-meth campaign), records of
NeuS story clustering and GoogleNews-STC (their slices in ``tests/fixtures/datasets``), and
the former demo sample (``tests/fixtures/sample/articles.jsonl``: 30 NeuS val articles on
10 events). One measurement reads more of GoogleNews-STC (``data_dir``). Titles, dates and
outlets are set here; the body text is the outlets' own.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsdesk.cluster import Assignment, ClusterOptions, StoryClusterer
from newsdesk.cluster.scoring import StoryScorer
from newsdesk.evaluate.clustering import bcubed, cluster_stream, record_to_article
from newsdesk.evaluate.data import iter_records
from newsdesk.features import DocumentFrequencies, FeatureOptions, article_terms
from newsdesk.models import Article
from newsdesk.text import fold, marked_terms

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"
AEB_TRUTH = DATASETS / "article-extraction-benchmark" / "ground-truth.json"
T0 = datetime(2019, 11, 20, 9, 0, tzinfo=UTC)

HILL = "156770d676ce"
NJ = "3f65af7b6b98"
DISNEY = "098bb3e96c0a"
EMIRATES = "374ac9a59a85"
DELHI = "16c30add7e96"  # Vox, 54 paragraphs on Delhi's air pollution


@cache
def bodies() -> dict[str, tuple[str, tuple[str, ...]]]:
    truth = json.loads(AEB_TRUTH.read_text(encoding="utf-8"))
    return {
        key[:12]: (v["url"], tuple(p for p in v["articleBody"].split("\n") if p.strip()))
        for key, v in truth.items()
    }


def article(key: str, article_id: int, title: str, **changes: object) -> Article:
    url, paragraphs = bodies()[key]
    base = Article(
        url=url,
        title=title,
        paragraphs=paragraphs,
        published_at=T0,
        site_name=url.split("/")[2],
        id=article_id,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def hill(**changes: object) -> Article:
    return article(
        HILL, 1, "South Dakota governor doubles down on 'Meth. We're on it' campaign", **changes
    )


def nj(**changes: object) -> Article:
    return article(
        NJ, 2, "Florida Man exists. Now South Dakota says 'Meth. We're on it.'", **changes
    )


def disney(**changes: object) -> Article:
    return article(DISNEY, 3, "Disney Plus is here: what the launch means for streaming", **changes)


def test_first_article_opens_a_story_and_a_second_report_joins_it() -> None:
    c = StoryClusterer()
    assert c.assign(hill()) == Assignment(None)
    c.commit(hill(), 100)
    assert c.assign(disney()) == Assignment(None)
    c.commit(disney(), 101)
    decision = c.assign(nj(published_at=T0 + timedelta(hours=5)))
    assert decision == Assignment(100)
    assert c.open_story_ids() == [100, 101]


def test_assign_does_not_change_state() -> None:
    c = StoryClusterer()
    c.commit(hill(), 100)
    before = c.scores(nj())
    c.assign(disney())
    c.assign(nj())
    assert c.scores(nj()) == before
    assert c.open_story_ids() == [100]


def test_a_late_article_dated_before_the_story_still_joins() -> None:
    c = StoryClusterer()
    c.commit(hill(), 100)
    assert c.assign(nj(published_at=T0 - timedelta(hours=20))).story_id == 100


def test_a_story_stops_accepting_articles_after_the_quiet_period() -> None:
    c = StoryClusterer(
        ClusterOptions(quiet_hours=48, decay_half_life_hours=10_000, event_hours=10_000)
    )
    c.commit(hill(), 100)
    assert c.assign(nj(published_at=T0 + timedelta(hours=47))).story_id == 100
    assert c.assign(nj(published_at=T0 + timedelta(hours=49))) == Assignment(None)


def test_a_newer_article_closes_quiet_stories_for_good() -> None:
    c = StoryClusterer(ClusterOptions(quiet_hours=24))
    c.commit(hill(), 100)
    c.commit(disney(published_at=T0 + timedelta(days=3)), 101)
    assert c.open_story_ids() == [101]
    # Even an article dated next to the closed story cannot reopen it.
    assert c.assign(nj(published_at=T0 + timedelta(hours=1))) == Assignment(None)


def test_undated_articles_get_no_time_cue() -> None:
    c = StoryClusterer(ClusterOptions(quiet_hours=1))
    c.commit(hill(published_at=None), 100)
    assert c.assign(nj(published_at=T0 + timedelta(days=30))).story_id == 100


def test_time_decay_halves_the_score_per_half_life() -> None:
    opts = ClusterOptions(decay_half_life_hours=24, quiet_hours=200, event_hours=10_000)
    c = StoryClusterer(opts)
    c.commit(hill(), 100)
    same_day = c.scores(nj())[0][0]
    two_days = c.scores(nj(published_at=T0 + timedelta(hours=48)))[0][0]
    assert two_days == pytest.approx(same_day / 4)


def test_past_the_event_hours_a_story_weighs_less_each_event_half_life() -> None:
    # The Hill's report, then NJ.com's in the same story over the next day: the gap to
    # the story's last report stays small, but the event began with the first one.
    opts = ClusterOptions(
        decay_half_life_hours=10_000, event_hours=24, event_half_life_hours=6, quiet_hours=200
    )
    c = StoryClusterer(opts)
    c.commit(hill(), 100)
    c.commit(nj(published_at=T0 + timedelta(hours=20)), 100)
    within = c.scores(disney(published_at=T0 + timedelta(hours=22)))
    late = c.scores(disney(published_at=T0 + timedelta(hours=36)))
    assert within and late
    assert late[0][0] == pytest.approx(within[0][0] / 4, rel=1e-3)  # 12 h past 24 h


def test_one_outlet_rarely_writes_twice_on_one_event_within_the_hour() -> None:
    c = StoryClusterer()
    c.commit(hill(), 100)
    other_outlet = c.scores(nj())[0][0]
    same_outlet = c.scores(nj(site_name=hill().site_name))[0][0]
    later_same_outlet = c.scores(
        nj(site_name=hill().site_name, published_at=T0 + timedelta(hours=3))
    )[0][0]
    assert same_outlet == pytest.approx(other_outlet * ClusterOptions().outlet_penalty)
    assert later_same_outlet > same_outlet


def test_an_article_bridging_two_open_stories_merges_them() -> None:
    _, paragraphs = bodies()[DELHI]
    first = article(
        DELHI, 10, "Delhi's air pollution hits record levels", paragraphs=paragraphs[:4]
    )
    second = article(
        DELHI,
        11,
        "Why India's pollution crisis is so hard to fix",
        paragraphs=paragraphs[4:8],
        site_name="other.example",
    )
    full = article(
        DELHI,
        12,
        "Delhi's air pollution, explained",
        paragraphs=paragraphs[:8],
        site_name="third.example",
    )
    c = StoryClusterer()
    c.restore(1, [first])  # two stories opened separately in earlier runs
    c.restore(2, [second])
    decision = c.assign(full)
    assert decision.story_id in (1, 2)
    assert decision.merged == tuple({1, 2} - {decision.story_id})
    assert decision.story_id is not None
    c.commit(full, decision.story_id, decision.merged)
    assert c.open_story_ids() == [decision.story_id]
    assert c.assign(nj()) == Assignment(None)


def test_a_merged_story_scores_as_if_it_had_been_one_story_all_along() -> None:
    emirates = article(EMIRATES, 4, "Emirates orders Boeing jets", site_name="x.example")
    # Article IDF only: with story IDF a vector also depends on how many stories were
    # open when its article arrived (two here, one below), which is not the point.
    opts = ClusterOptions(story_idf_weight=0.0)
    merged, single = StoryClusterer(opts), StoryClusterer(opts)
    merged.commit(hill(), 1)
    merged.commit(disney(), 2)
    merged.commit(nj(), 1, merged=(2,))  # the smaller story's members move over
    for a in (hill(), disney(), nj()):
        single.commit(a, 1)
    assert merged.open_story_ids() == single.open_story_ids() == [1]
    for probe in (emirates, hill(id=9, site_name="y.example")):
        [(score, sid)] = merged.scores(probe)
        assert sid == 1 and score == pytest.approx(single.scores(probe)[0][0])


def test_restore_warms_the_clusterer_with_open_stories() -> None:
    c = StoryClusterer()
    c.restore(7, [hill(), disney()])
    assert c.open_story_ids() == [7]
    assert c.assign(nj()).story_id == 7


def test_max_open_articles_bounds_the_window() -> None:
    c = StoryClusterer(ClusterOptions(max_open_articles=2))
    c.commit(hill(published_at=None), 100)
    c.commit(disney(published_at=None), 101)
    c.commit(article(EMIRATES, 4, "Emirates orders Boeing jets", published_at=None), 102)
    assert c.open_story_ids() == [101, 102]
    assert c.assign(nj(published_at=None)) == Assignment(None)


@cache
def neus_records() -> dict[str, dict[str, object]]:
    return {r["id"]: r for r in iter_records(DATASETS / "neus-story-clustering")}


def neus(record_id: str, article_id: int) -> Article:
    return record_to_article(neus_records()[record_id], article_id)


def test_an_article_that_fits_two_unrelated_stories_about_equally_opens_its_own() -> None:
    _, disney_text = bodies()[DISNEY]
    _, emirates_text = bodies()[EMIRATES]
    c = StoryClusterer()
    c.commit(disney(), 101)
    c.commit(article(EMIRATES, 4, "Emirates orders Boeing jets"), 102)
    mixed = article(
        DISNEY,
        20,
        "Disney Plus and Emirates",
        paragraphs=disney_text[:2] + emirates_text[:2],
        site_name="digest.example",
    )
    (top, _), (rival, _) = c.scores(mixed)[:2]
    opts = ClusterOptions()
    assert top >= opts.threshold and rival >= opts.ambiguity_ratio * top  # the case tested
    assert c.assign(mixed) == Assignment(None)
    # With a clearer lean (three paragraphs of one, two of the other) it joins.
    leaning = dataclasses.replace(mixed, paragraphs=emirates_text[:3] + disney_text[:2])
    assert c.assign(leaning) == Assignment(102)


def test_a_weak_match_joins_only_when_no_other_story_comes_near() -> None:
    # Two outlets on Trump mocking Greta Thunberg share few words (NeuS val 0081).
    first, second = neus("neus-val-0081-a2", 1), neus("neus-val-0081-a1", 2)
    opts = ClusterOptions()
    alone = StoryClusterer()
    alone.commit(first, 10)
    weak = alone.scores(second)[0][0]
    assert opts.weak_threshold <= weak < opts.threshold
    assert alone.assign(second) == Assignment(10)
    # A far story (states sue over climate rules) leaves it clear; a near one (Trump's
    # mileage rollback "guts climate change push") makes it unclear: a new story.
    far = StoryClusterer()
    far.commit(first, 10)
    far.commit(neus("neus-train-2118-a2", 3), 11)
    assert far.assign(second) == Assignment(10)
    near = StoryClusterer()
    near.commit(first, 10)
    near.commit(neus("neus-train-2342-a0", 3), 11)
    assert near.scores(second)[1][0] * opts.clear_margin > weak
    assert near.assign(second) == Assignment(None)


def test_demo_sample_groups_its_ten_events() -> None:
    """The bundled sample: 30 articles, 3 outlets on each of 10 events, arrival order."""
    path = Path(__file__).resolve().parent / "fixtures" / "sample" / "articles.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines()]
    articles = [record_to_article(r, i) for i, r in enumerate(records)]
    gold = [str(r["neus_id"])[:-3] for r in records]
    assigned = dict(cluster_stream(articles))
    pred = [assigned[i] for i in range(len(articles))]
    precision, recall, _ = bcubed(pred, gold)
    # Measured 2026-11-25: 13 stories, precision 1.0, recall 0.889 (was 17 and 0.733,
    # then 14 and 0.844 before the IDF table counted documents).
    assert precision == 1.0
    assert recall >= 0.87
    assert len(set(pred)) <= 13


def test_commit_needs_an_id() -> None:
    with pytest.raises(ValueError, match="id"):
        StoryClusterer().commit(hill(id=None), 1)


def test_terms_fold_plurals_and_possessives_and_flag_names_and_numbers() -> None:
    pairs = marked_terms("Senate Democrats blocked Trump's bills. The vote was 51-49 on Tuesday.")
    assert pairs == [
        ("senate", False),
        ("democrat", True),
        ("blocked", False),
        ("trump", True),
        ("bill", False),
        ("vote", False),
        ("51", True),
        ("49", True),
        ("tuesday", True),
    ]
    assert fold("Policies") == "policy"
    assert fold("the") == ""


def test_idf_prior_documents_soften_a_cold_start() -> None:
    cold, primed = DocumentFrequencies(), DocumentFrequencies(prior_docs=100)
    for df in (cold, primed):
        df.add({"meth": 1.0})
    # A word seen once among one article is "common" without a prior; with one it is rare.
    assert cold.idf("meth") < 0.6 * cold.idf("unseen")
    assert primed.idf("meth") > 0.85 * primed.idf("unseen")


def test_idf_comes_only_from_articles_already_seen() -> None:
    df = DocumentFrequencies()
    df.add({"meth": 0.6, "dakota": 0.8})
    df.add({"dakota": 1.0})
    assert df.idf("unseen") > df.idf("meth") > df.idf("dakota")
    vec = df.vector(article_terms(hill(), FeatureOptions()))
    assert sum(v * v for v in vec.values()) == pytest.approx(1.0)


def test_story_idf_counts_a_term_once_per_story() -> None:
    """A word every report of one event repeats is as specific as a word of one report."""
    by_article = StoryClusterer(ClusterOptions(story_idf_weight=0.0))
    by_story = StoryClusterer(ClusterOptions(story_idf_weight=1.0))
    for c in (by_article, by_story):
        c.commit(hill(), 100)
        c.commit(nj(), 100)  # a second report of the meth campaign
        c.commit(disney(), 101)
    seen = [article_terms(a, FeatureOptions()) for a in (hill(), nj(), disney())]
    assert [("meth" in t, "disney" in t) for t in seen] == [
        (True, False),
        (True, False),
        (False, True),
    ]
    probe = Article(
        url="https://example.com/p", title="Meth Disney", paragraphs=("meth disney",), id=9
    )
    words, stories = by_article.scorer.vector(probe), by_story.scorer.vector(probe)
    assert words["meth"] < 0.97 * words["disney"]  # two articles hold "meth", one "disney"
    assert stories["meth"] == pytest.approx(stories["disney"])  # one story holds each


def test_entity_boost_weighs_names_more() -> None:
    plain = article_terms(nj(), FeatureOptions())
    boosted = article_terms(nj(), FeatureOptions(entity_boost=2.0))
    assert boosted["dakota"] == pytest.approx(2 * plain["dakota"])


def test_closed_stories_leave_the_idf_table_past_the_idf_memory() -> None:
    c = StoryClusterer(ClusterOptions(quiet_hours=24, idf_memory=1))
    c.commit(hill(), 100)
    c.commit(nj(), 100)
    c.commit(disney(published_at=T0 + timedelta(days=3)), 101)  # closes story 100
    fresh = StoryClusterer(ClusterOptions(quiet_hours=24))
    fresh.commit(nj(), 100)
    fresh.commit(disney(published_at=T0 + timedelta(days=3)), 101)
    assert c.window.df.n == fresh.window.df.n == 2  # NJ.com's words still count
    assert c.window.df.df == fresh.window.df.df  # The Hill's are gone
    assert c.open_story_ids() == [101]


def test_closed_stories_still_count_in_the_idf_table() -> None:
    c = StoryClusterer(ClusterOptions(quiet_hours=24))
    c.commit(hill(), 100)
    c.commit(disney(published_at=T0 + timedelta(days=3)), 101)  # closes story 100
    assert c.open_story_ids() == [101]
    assert c.window.df.n == 2 and c.window.df.df["dakota"] == 1


def test_an_article_dated_in_year_one_does_not_overflow_the_quiet_window() -> None:
    c = StoryClusterer()
    c.commit(hill(published_at=datetime(1, 1, 1, tzinfo=UTC)), 100)
    assert c.open_story_ids() == [100]


# Google News (googlenews-stc dev, file order): a Nokia/Windows Phone story (cluster 48)
# and the German coalition talks (cluster 2). "window phone outsells io latin america"
# scores 0.10 with the Nokia story, too weak to join, and opens alone; the next Lumia
# article makes the story clear enough to take it in.
LATE_JOIN_IDS = ("gn-00006", "gn-00008", "gn-00035", "gn-00097", "gn-00102", "gn-00182")


@cache
def late_join_stream() -> tuple[Article, ...]:
    records = [r for r in iter_records(DATASETS / "googlenews-stc") if r["id"] in LATE_JOIN_IDS]
    return tuple(record_to_article(r, i) for i, r in enumerate(records))


def replay(c: StoryClusterer, articles: Sequence[Article]) -> list[Assignment]:
    decisions = []
    for a in articles:
        assert a.id is not None
        decision = c.assign(a)
        story_id = decision.story_id if decision.story_id is not None else 100 + a.id
        c.commit(a, story_id, decision.merged)
        decisions.append(decision)
    return decisions


def test_a_story_that_opened_alone_joins_when_a_later_article_makes_the_match_clear() -> None:
    stream = late_join_stream()
    assert [a.title for a in stream][3] == "window phone outsells io latin america"
    decisions = replay(StoryClusterer(), stream)
    assert decisions[3] == Assignment(None)  # opened alone: story 103
    assert decisions[4] == Assignment(100, (103,))  # the next Lumia article brings it in
    assert decisions[5] == Assignment(102)  # the coalition story is untouched
    c = StoryClusterer(ClusterOptions(late_join_checks=0))
    assert replay(c, stream)[4] == Assignment(100)
    assert sorted(c.open_story_ids()) == [100, 102, 103]


def test_a_late_join_needs_an_established_story_and_a_high_enough_score() -> None:
    stream = late_join_stream()
    # The Nokia story holds two articles; with the newcomer it holds three.
    assert replay(StoryClusterer(ClusterOptions(late_join_story=4)), stream)[4] == Assignment(100)
    # It scores 0.126 with the grown story, and no other story shares a word with it.
    assert replay(StoryClusterer(ClusterOptions(late_join_floor=0.2)), stream)[4] == Assignment(100)


def test_late_joins_score_a_bounded_number_of_stories(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each assignment ranks itself plus at most ``late_join_checks`` small stories."""
    c = StoryClusterer(ClusterOptions(late_join_checks=2, late_join_floor=0.0))
    calls: list[int] = []
    rank = StoryScorer.rank

    def counting(self: StoryScorer, *args: Any, **kwargs: Any) -> list[tuple[float, int]]:
        calls.append(1)
        return rank(self, *args, **kwargs)

    monkeypatch.setattr(StoryScorer, "rank", counting)
    records = list(iter_records(DATASETS / "googlenews-stc"))
    assert len(records) == 400
    merged = most = 0
    for i, record in enumerate(records):
        a = record_to_article(record, i)
        calls.clear()
        decision = c.assign(a)
        assert len(calls) <= 1 + 2
        most = max(most, len(calls))
        merged += len(decision.merged)
        story_id = decision.story_id if decision.story_id is not None else 1000 + i
        c.commit(a, story_id, decision.merged)
    assert merged > 0
    assert most > 1  # the count sees the late-join rankings, not only the article's own


def test_a_story_that_opens_alone_watches_its_best_candidates() -> None:
    stream = late_join_stream()
    c = StoryClusterer()
    replay(c, stream[:4])
    assert c.window.watchers[100] == [103]  # "window phone" opened alone next to the Nokia story
    c.window.close(100)
    assert 100 not in c.window.watchers


def test_watch_lists_kept_between_runs_keep_the_late_joins(
    data_dir: Callable[[str], Path],
) -> None:
    """``watch`` runs every few minutes, each restoring the open stories: with the watch
    lists kept between runs, late joins find their stories as in one long run (measured
    on the first 1,500 GoogleNews-STC records)."""
    records = list(itertools.islice(iter_records(data_dir("googlenews-stc")), 1500))
    articles = [record_to_article(r, i) for i, r in enumerate(records)]
    gold = [r["cluster_id"] for r in records]

    def in_runs(keep_lists: bool, size: int = 100) -> float:
        story_of: dict[int, int] = {}
        previous: StoryClusterer | None = None
        for start in range(0, len(articles), size):
            c = StoryClusterer()
            if previous is not None:
                for sid in previous.open_story_ids():
                    c.restore(sid, [articles[m.id] for m in previous.window.stories[sid].members])
                if keep_lists:  # through JSON, as the store keeps them
                    saved = json.loads(json.dumps(previous.watch_lists()))
                    c.restore_watch_lists({int(k): v for k, v in saved.items()})
            stream = articles[start : start + size]
            for a, decision in zip(stream, replay(c, stream), strict=True):
                assert a.id is not None
                story_of[a.id] = story = decision.story_id or 100 + a.id
                for k, v in story_of.items():
                    if v in decision.merged:
                        story_of[k] = story
            previous = c
        return bcubed([story_of[i] for i in range(len(articles))], gold)[2]

    one_run = in_runs(keep_lists=True, size=len(articles))
    kept, lost = in_runs(keep_lists=True), in_runs(keep_lists=False)
    # Measured: one run 0.871, runs of 100 with the lists 0.881, without 0.851.
    assert kept > lost + 0.015
    assert kept > one_run - 0.01
