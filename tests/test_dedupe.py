"""Duplicate detection on real article bodies with the edits syndication makes.

Texts: article bodies from the article-extraction-benchmark ground truth and leads of
NeuS/AllSides, both from their slices in ``tests/fixtures/datasets``; one test also reads
the NeuS clustering pool (``data_dir``). The edits (new headline, trailing paragraph,
appended boilerplate, second URL) are applied here, in the tests.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from newsdesk.cluster import ClusterOptions
from newsdesk.dedupe import DedupeOptions, Deduper, dedupe, normalise, shingles, window_start
from newsdesk.evaluate.data import iter_records
from newsdesk.models import Article, RawDocument, RunReport
from newsdesk.pipeline import run_cluster, run_dedupe
from newsdesk.store import open_store
from newsdesk.store.base import Store

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"
AEB_TRUTH = DATASETS / "article-extraction-benchmark" / "ground-truth.json"
T0 = datetime(2019, 11, 20, 9, 0, tzinfo=UTC)


@cache
def bodies() -> dict[str, tuple[str, tuple[str, ...]]]:
    """AEB page id prefix -> (url, paragraphs)."""
    truth = json.loads(AEB_TRUTH.read_text(encoding="utf-8"))
    return {
        key[:12]: (v["url"], tuple(p for p in v["articleBody"].split("\n") if p.strip()))
        for key, v in truth.items()
    }


def article(key: str, article_id: int, **changes: object) -> Article:
    url, paragraphs = bodies()[key]
    base = Article(
        url=url,
        title="Original headline",
        paragraphs=paragraphs,
        published_at=T0,
        site_name="origin",
        id=article_id,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


SOUTH_DAKOTA_HILL = "156770d676ce"  # The Hill: South Dakota governor defends "Meth. We're on it."
SOUTH_DAKOTA_NJ = "3f65af7b6b98"  # NJ.com on the same campaign, written separately
DISNEY = "098bb3e96c0a"
EMIRATES = "374ac9a59a85"
STADIA = "042bb7b5feda"  # a 67-word body


@pytest.fixture
def deduper() -> Deduper:
    d = Deduper()
    for i, key in enumerate((SOUTH_DAKOTA_HILL, DISNEY, EMIRATES), start=1):
        d.add(article(key, i))
    return d


def test_same_text_at_another_url_with_a_new_headline_is_an_exact_copy(deduper: Deduper) -> None:
    copy = article(
        DISNEY,
        10,
        url="https://syndicator.example/disney-plus",
        title="Disney+ launch: what to know",
        site_name="syndicator",
    )
    assert deduper.check(copy) == 2


def test_case_punctuation_and_whitespace_do_not_hide_a_copy(deduper: Deduper) -> None:
    _, paragraphs = bodies()[EMIRATES]
    shouted = tuple("  " + p.upper().replace(",", " ") + " " for p in paragraphs)
    assert deduper.check(article(EMIRATES, 10, paragraphs=shouted)) == 3


def test_trailing_paragraph_added_is_a_near_copy(deduper: Deduper) -> None:
    _, paragraphs = bodies()[EMIRATES]
    tail = (
        "This story has been published from a wire agency feed without modifications "
        "to the text. Only the headline has been changed."
    )
    copy = article(EMIRATES, 10, paragraphs=(*paragraphs, tail), title="Emirates buys jets")
    assert deduper.check(copy) == 3


def test_trailing_paragraphs_cut_is_a_near_copy(deduper: Deduper) -> None:
    _, paragraphs = bodies()[DISNEY]
    cut = paragraphs[: len(paragraphs) - 2]
    assert deduper.check(article(DISNEY, 10, paragraphs=cut)) == 2


def test_site_boilerplate_around_the_text_is_a_near_copy(deduper: Deduper) -> None:
    _, paragraphs = bodies()[SOUTH_DAKOTA_HILL]
    wrapped = (
        "Advertisement",
        *paragraphs,
        "Sign up for our daily newsletter to get the top stories in your inbox.",
        "Copyright 2019 Nexstar Media Inc. All rights reserved.",
    )
    assert deduper.check(article(SOUTH_DAKOTA_HILL, 10, paragraphs=wrapped)) == 1


def test_two_outlets_writing_about_one_event_are_not_copies(deduper: Deduper) -> None:
    # The Hill and NJ.com both report South Dakota's "Meth. We're on it." campaign.
    assert deduper.check(article(SOUTH_DAKOTA_NJ, 10)) is None


def test_a_short_excerpt_inside_a_long_article_is_not_a_copy(deduper: Deduper) -> None:
    _, paragraphs = bodies()[DISNEY]
    excerpt = paragraphs[:3]  # a teaser quoting the first paragraphs of a long piece
    assert deduper.check(article(DISNEY, 10, paragraphs=excerpt)) is None


def false_copies(leads: Iterable[dict[str, str]]) -> list[tuple[str, str]]:
    """Run leads ({id, title, text}) through a Deduper in order: copies whose text differs."""
    seen: list[dict[str, str]] = []
    d = Deduper()
    flagged = []
    for i, lead in enumerate(leads):
        seen.append(lead)
        a = Article(url=f"neus:{lead['id']}", title=lead["title"], paragraphs=(lead["text"],), id=i)
        hit = d.check(a)
        if hit is None:
            d.add(a)
        elif normalise(seen[hit]["text"]) != normalise(lead["text"]):
            flagged.append((lead["id"], seen[hit]["id"]))
    return flagged


def test_different_articles_on_one_story_are_never_flagged() -> None:
    """NeuS: three outlets on each event; none of their leads copies another."""
    items = list(iter_records(DATASETS / "neus-allsides"))
    leads = [a for item in items for a in item["articles"]]
    assert len(leads) == 3 * len(items) == 240
    assert false_copies(leads) == []


def test_no_lead_in_the_neus_clustering_pool_is_taken_for_a_copy(
    data_dir: Callable[[str], Path],
) -> None:
    """The same on the first 1,500 articles of the NeuS clustering pool."""
    pool = itertools.islice(iter_records(data_dir("neus-story-clustering")), 1500)
    assert false_copies(pool) == []


def test_short_texts_get_only_the_exact_test(deduper: Deduper) -> None:
    _, paragraphs = bodies()[STADIA]
    first = paragraphs[0].split()[:6]
    short = article(STADIA, 10, paragraphs=(" ".join(first),))
    assert len(shingles(normalise(short.text), 5)) < DedupeOptions().min_shingles
    deduper.add(short)
    assert deduper.check(article(STADIA, 11, paragraphs=(" ".join(first),))) == 10
    assert deduper.check(article(STADIA, 12, paragraphs=(" ".join([*first, "today"]),))) is None


def test_eviction_forgets_old_articles_and_keeps_recent_ones(deduper: Deduper) -> None:
    later = article(STADIA, 4, published_at=T0 + timedelta(days=3))
    deduper.add(later)
    assert deduper.evict_before(T0 + timedelta(days=1)) == 3
    assert len(deduper) == 1
    assert deduper.check(article(DISNEY, 10)) is None
    assert deduper.check(article(STADIA, 11)) == 4


def test_max_items_bounds_memory() -> None:
    d = Deduper(DedupeOptions(max_items=2))
    for i, key in enumerate((DISNEY, EMIRATES, SOUTH_DAKOTA_HILL), start=1):
        d.add(article(key, i, published_at=T0 + timedelta(hours=i)))
    assert len(d) == 2
    assert d.check(article(DISNEY, 10)) is None  # the oldest went first
    assert d.check(article(SOUTH_DAKOTA_HILL, 11)) == 3


def test_add_needs_an_id() -> None:
    with pytest.raises(ValueError, match="id"):
        Deduper().add(article(DISNEY, 1, id=None))


def test_a_syndicated_copy_joins_its_story_as_a_republisher_not_a_second_source(
    tmp_path: Path,
) -> None:
    """The real dedupe and cluster stages over a store: The Hill's article, NJ.com's own
    report on the same campaign, an unrelated one, and a wire copy of The Hill's text at
    another URL with a new headline and a trailing paragraph."""
    _, hill_text = bodies()[SOUTH_DAKOTA_HILL]
    items = [
        article(SOUTH_DAKOTA_HILL, 0, title="South Dakota doubles down on meth campaign"),
        article(
            SOUTH_DAKOTA_NJ,
            0,
            title="South Dakota says 'Meth. We're on it.'",
            url="https://www.nj.com/meth",
            published_at=T0 + timedelta(hours=2),
        ),
        article(
            DISNEY,
            0,
            title="Disney Plus is here",
            url="https://disney.example/plus",
            published_at=T0 + timedelta(hours=3),
        ),
        article(
            SOUTH_DAKOTA_HILL,
            0,
            title="Governor defends anti-meth ads",
            url="https://wire-copy.example/meth",
            paragraphs=(*hill_text, "Copyright 2019 by the wire service."),
            published_at=T0 + timedelta(hours=4),
        ),
    ]
    store = open_store(str(tmp_path / "t.db"))
    ids = [save(store, a) for a in items]
    report = RunReport(started_at=T0)
    run_dedupe(store, timedelta(days=7), report)
    run_cluster(store, ClusterOptions(), report)
    assert store.duplicate_of(ids[3]) == ids[0]
    assert report.counts["cluster.republished"] == 1
    story = store.story_of(ids[0])
    assert story is not None
    assert store.story_of(ids[1]) == story == store.story_of(ids[3])
    assert store.story_of(ids[2]) != story
    members = store.story_members(story)
    # Two sources for the writer; the copy is listed under the article it republished.
    assert [(m.article.id, m.republished_by) for m in members] == [
        (ids[0], (ids[3],)),
        (ids[1], ()),
    ]
    store.close()


def save(store: Store, a: Article) -> int:
    """Store an article as the extract stage would (its outlet is its URL's host)."""
    raw = RawDocument(
        key=a.url, url=a.url, final_url=a.url, status=200, headers={}, body=b"<p/>", fetched_at=T0
    )
    raw_id, _ = store.add_raw(raw)
    return store.save_article(
        dataclasses.replace(a, id=None, raw_id=raw_id, site_name=a.url.split("/")[2])
    )


def test_a_copy_marks_its_story_for_rewriting_only_from_a_new_outlet(tmp_path: Path) -> None:
    _, hill_text = bodies()[SOUTH_DAKOTA_HILL]
    store = open_store(str(tmp_path / "t.db"))
    original = save(store, article(SOUTH_DAKOTA_HILL, 0))
    outlet = article(SOUTH_DAKOTA_HILL, 0).url.split("/")[2]

    def add_copy(url: str, hours: int) -> bool:
        """Cluster one more copy of the original; whether its story must be written again."""
        story = store.story_of(original)
        assert story is not None
        store.skip_writing(story)  # as if the current version were written
        save(store, article(SOUTH_DAKOTA_HILL, 0, url=url, paragraphs=hill_text,
                            published_at=T0 + timedelta(hours=hours)))  # fmt: skip
        report = RunReport(started_at=T0)
        run_dedupe(store, timedelta(days=7), report)
        run_cluster(store, ClusterOptions(), report)
        assert report.counts["cluster.republished"] == 1
        return story in store.stories_to_write()

    report = RunReport(started_at=T0)
    run_dedupe(store, timedelta(days=7), report)
    run_cluster(store, ClusterOptions(), report)
    assert add_copy(f"https://{outlet}/same-story-again", 1) is False  # same outlet, same text
    assert add_copy("https://wire-copy.example/meth", 2) is True  # a new outlet carries it
    assert add_copy("https://wire-copy.example/meth-2", 3) is False  # that outlet again
    store.close()


def test_a_copy_of_a_copy_found_in_earlier_runs_joins_the_story_in_one_cluster_run(
    tmp_path: Path,
) -> None:
    """Dedupe runs on the original, a wire copy of it, then a copy of that copy (the
    copy is in the window, so the third points at the second); one cluster run then
    places all three: the copy of the copy's original is placed earlier in that run."""
    _, hill_text = bodies()[SOUTH_DAKOTA_HILL]
    wire = (*hill_text, "Copyright 2019 by the wire service.")
    store = open_store(str(tmp_path / "t.db"))
    report = RunReport(started_at=T0)
    ids = []
    for url, hours, paragraphs in (
        (article(SOUTH_DAKOTA_HILL, 0).url, 0, hill_text),
        ("https://wire1.example/x", 1, wire),
        ("https://wire2.example/y", 2, (*wire, "More from the wire.")),
    ):
        ids.append(save(store, article(SOUTH_DAKOTA_HILL, 0, url=url, paragraphs=paragraphs,
                                       published_at=T0 + timedelta(hours=hours))))  # fmt: skip
        run_dedupe(store, timedelta(days=7), report)
    assert [store.duplicate_of(i) for i in ids] == [None, ids[0], ids[1]]
    run_cluster(store, ClusterOptions(), report)
    assert "cluster.orphan_duplicate" not in report.errors
    story = store.story_of(ids[0])
    assert story is not None
    assert [store.story_of(i) for i in ids] == [story, story, story]
    assert report.counts["cluster.republished"] == 2
    store.close()


def test_the_stage_takes_plain_values_and_points_a_copy_of_a_copy_at_the_first() -> None:
    _, hill_text = bodies()[SOUTH_DAKOTA_HILL]
    earlier = [article(DISNEY, 1)]
    original = article(SOUTH_DAKOTA_HILL, 2)
    copy = article(SOUTH_DAKOTA_HILL, 3, paragraphs=(*hill_text, "Copyright 2019 the wire."))
    copy_of_copy = article(SOUTH_DAKOTA_HILL, 4, paragraphs=(*copy.paragraphs, "Reposted."))
    repost_of_earlier = article(DISNEY, 5, url="https://repost.example/disney")
    got = dedupe([original, copy, copy_of_copy, repost_of_earlier], earlier)
    assert [(a.id, first) for a, first in got] == [(2, None), (3, 2), (4, 2), (5, 1)]


def test_originals_are_looked_for_a_window_before_the_earliest_new_article() -> None:
    week = timedelta(days=7)
    naive = article(DISNEY, 1, published_at=datetime(2019, 11, 18, 12))  # read as UTC
    assert window_start([article(EMIRATES, 2), naive], week) == datetime(
        2019, 11, 11, 12, tzinfo=UTC
    )
    undated = window_start([article(EMIRATES, 2, published_at=None)], week)
    assert abs(undated - (datetime.now(UTC) - week)) < timedelta(minutes=1)
    year_one = article(EMIRATES, 3, published_at=datetime(1, 1, 2, tzinfo=UTC))
    assert window_start([year_one], week) == datetime.min.replace(tzinfo=UTC)
