"""One event in two one-report stories: a third report that reaches both through the same
words merges them (``bridge_lone``, cluster/joining.py); a roundup of two events, reaching
each through its own part, does not (tests/test_cluster.py, the Disney Plus and Emirates
digest).

Texts: the two reports of South Dakota's anti-meth campaign (The Hill, NJ.com) from the
article-extraction-benchmark ground truth, as in tests/test_cluster.py; and the AllSides dev
stream (``allsides-stream`` through ``data_dir``; skipped without it): events a reader found
split into thin stories (editor's read, session 6). Headlines pick the articles; the gold
labels are not read. The wrong merges this rule must not re-open are guarded by
tests/test_cluster_core.py, which runs with the defaults.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from newsdesk.cluster import Assignment, ClusterOptions, StoryClusterer
from newsdesk.models import Article, ArticleKind
from stream_stories import stream_articles, together
from test_cluster import HILL, NJ, article, bodies, disney, hill, nj


def two_reports(options: ClusterOptions) -> tuple[StoryClusterer, Article]:
    """The campaign's two reports, each a story of its own (10, 11), beside another event;
    and a third report that tells a little of each."""
    hill_text, nj_text = bodies()[HILL][1], bodies()[NJ][1]
    clusterer = StoryClusterer(options)
    clusterer.commit(disney(), 101)
    clusterer.commit(hill(paragraphs=hill_text[:2]), 10)
    clusterer.commit(nj(paragraphs=nj_text[:2]), 11)
    third = article(
        HILL,
        5,
        "South Dakota's meth campaign draws ridicule",
        paragraphs=hill_text[3:5] + nj_text[3:5],
        site_name="wire.example",
    )
    return clusterer, third


def test_a_report_that_reaches_two_one_report_stories_merges_them() -> None:
    clusterer, third = two_reports(ClusterOptions())
    (top, best), (rival, other) = clusterer.scores(third)[:2]
    assert (best, other) == (10, 11) and ClusterOptions().weak_threshold <= rival < top
    assert clusterer.assign(third) == Assignment(10, (11,))
    off, _ = two_reports(ClusterOptions(bridge_lone=False))
    assert off.assign(third) == Assignment(10)


def test_only_a_dated_report_bridges_two_stories() -> None:
    clusterer, third = two_reports(ClusterOptions())
    assert clusterer.assign(third) == Assignment(10, (11,))
    column = dataclasses.replace(third, kind=ArticleKind.OPINION)
    assert clusterer.assign(column) == Assignment(10)
    assert clusterer.assign(dataclasses.replace(third, published_at=None)) == Assignment(10)


SPLIT = (
    ("Hackers demand $70 mln", "Ransomware group demands $70 million"),
    ("New Jobless Claims Fall 34,000", "More Republican States Cut $300"),
    ("Pfizer Reaps Hundreds", "Vaccine Sales Lift Pfizer"),
)


def test_one_event_split_on_the_stream_is_joined(data_dir: Callable[[str], Path]) -> None:
    articles = stream_articles(data_dir("allsides-stream") / "dev.jsonl.gz")
    assert together(articles, ClusterOptions(bridge_lone=False), SPLIT) == [False, False, False]
    assert together(articles, ClusterOptions(), SPLIT) == [True, True, True]
