"""Late joins of two dated stories must tell each other's core, and a report's weak join
must have its headline told by the story's core (cluster/core.py).

Texts: the AllSides dev stream (``allsides-stream`` through ``data_dir``; skipped without it),
the three wrong merges a reader saw there (editor's read, session 5): one day's House
business, the Jan. 6 committee and the Confederate statues; the job openings report and
the weekly jobless claims; the bipartisan infrastructure deal and the President's crime
plan. Each pair met on the day's common words and a late join merged them; and (session 6)
the weak joins of two events of one day (``WEAK``). Headlines
pick the articles; the gold labels are not read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from newsdesk.cluster import ClusterOptions
from newsdesk.cluster.core import core_coverage, headline_told
from newsdesk.cluster.window import Member, Story
from newsdesk.features import DocumentFrequencies
from newsdesk.models import Article
from stream_stories import stream_articles, together

PAIRS = (
    ("House votes to remove Confederate statues", "Pelosi Discloses Details of Planned Jan. 6"),
    ("U.S. Jobless Claims Edged Up to 373,000", "US Job Openings Rise to Record High"),
    ("Biden warns of 'more pronounced' summer", "Bipartisan group of senators to brief"),
)


def stream(data_dir: Callable[[str], Path]) -> list[Article]:
    return stream_articles(data_dir("allsides-stream") / "dev.jsonl.gz")


def test_two_days_business_is_not_merged_late(data_dir: Callable[[str], Path]) -> None:
    articles = stream(data_dir)
    assert together(articles, ClusterOptions(late_core_floor=0.0), PAIRS) == [True, True, True]
    assert together(articles, ClusterOptions(), PAIRS) == [False, False, False]


# Two events of one day in one story, each first joined weakly (editor's read, session 6):
# the report of the first event, then a report of the other. The last pair is not a weak
# join but a story merge (the infrastructure vote's story met the budget deal's centroid).
WEAK = (
    ("U.S. Senate Democrats agree to $3.5 trln", "Senate Democrats unveil bill to decriminal"),
    ("Senate GOP proposes $928 billion", "Biden to Propose $6 Trillion Budget"),
    ("U.S. Jobless Claims Fall More Than Forecast", "US employers added just 266K jobs"),
    ("U.S. Senate Democrats agree to $3.5 trln", "Senate nears pivotal vote on bipartisan"),
)


def test_two_events_of_a_day_are_not_joined_weakly(data_dir: Callable[[str], Path]) -> None:
    articles = stream(data_dir)
    off = ClusterOptions(weak_headline_floor=0.0, merge_core_test=False)
    assert together(articles, off, WEAK) == [True, True, True, True]
    assert together(articles, replace(off, weak_headline_floor=0.4), WEAK)[:3] == [False] * 3
    assert together(articles, ClusterOptions(), WEAK) == [False, False, False, False]


def test_headline_told_weighs_the_headline_terms_the_core_holds() -> None:
    df = DocumentFrequencies()
    for terms in (["senate", "budget"], ["senate", "marijuana"], ["senate"], ["budget"]):
        df.add(terms)
    story = Story(1)
    for i, terms in enumerate((["senate", "budget"], ["senate", "budget"], ["senate"])):
        story.members.append(Member(i, dict.fromkeys(terms, 1.0), None, ""))
    senate, marijuana = df.idf("senate"), df.idf("marijuana")
    assert headline_told(["senate", "marijuana"], story, df) == senate / (senate + marijuana)
    assert headline_told(["senate", "budget"], story, df) == 1.0
    assert headline_told([], story, df) == 1.0


def test_core_coverage_weighs_the_terms_most_members_hold_by_rarity() -> None:
    df = DocumentFrequencies()
    for terms in (["house", "vote"], ["house", "taney"], ["house"], ["vote"]):
        df.add(terms)
    story = Story(1)
    for i, terms in enumerate((["house", "taney", "vote"], ["house", "taney"], ["taney"])):
        story.members.append(Member(i, dict.fromkeys(terms, 1.0), None, ""))
    # The core is "house" and "taney" (held by 2 and 3 of 3), not "vote" (1 of 3).
    house, taney = df.idf("house"), df.idf("taney")
    assert taney > house
    assert core_coverage({"house": 1.0, "vote": 1.0}, story, df) == house / (house + taney)
    assert core_coverage({"taney": 1.0}, story, df) == taney / (house + taney)
    assert core_coverage({"other": 1.0}, Story(2), df) == 1.0  # no core: nothing to tell
