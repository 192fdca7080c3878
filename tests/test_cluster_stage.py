"""The cluster stage's entry point: plain values in, placements and state out.

Texts: the demo sample of before issue 22 (``tests/fixtures/sample/articles.jsonl``: 30
NeuS val articles on 10 events, outlets renamed); dates are set here.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.cluster import (
    NEW_STORY_IDS,
    ClusterOptions,
    ClusterState,
    StoryClusterer,
    brings_news,
    cluster,
    copy_brings_news,
)
from newsdesk.evaluate.clustering import record_to_article
from newsdesk.models import Article

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample" / "articles.jsonl"
T0 = datetime(2021, 3, 1, 8, 0, tzinfo=UTC)


def sample() -> list[tuple[dict[str, object], Article]]:
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [
        (r, replace(record_to_article(r, i + 1), published_at=T0 + timedelta(minutes=7 * i)))
        for i, r in enumerate(records)
    ]


def test_one_call_places_every_article_as_the_clusterer_decides_in_date_order() -> None:
    articles = [a for _, a in sample()]
    shuffled = random.Random(3).sample(articles, len(articles))
    result = cluster(shuffled, [], ClusterState(), ClusterOptions(), now=T0)
    assert [p.article_id for p in result.placements] == [a.id for a in articles]
    assert [p.at for p in result.placements] == [a.published_at for a in articles]
    # The same decisions as the clusterer fed one article at a time in date order.
    clusterer = StoryClusterer()
    opened = NEW_STORY_IDS
    for article, placed in zip(articles, result.placements, strict=True):
        decision = clusterer.assign(article)
        assert placed.opens == (decision.story_id is None)
        assert placed.story_id == (opened if placed.opens else decision.story_id)
        assert placed.merged == decision.merged
        clusterer.commit(article, placed.story_id, decision.merged)
        opened += placed.opens
    assert 10 <= sum(p.opens for p in result.placements) < len(articles)
    assert any(s.watchers for s in result.state.stories.values())  # small stories watch
    assert {p.story_id for p in result.placements} >= set(result.state.stories)


def test_a_join_is_marked_for_rewriting_only_when_it_brings_news() -> None:
    first = sample()[0][1]
    repeat = replace(first, id=99, url=first.url + "/again", published_at=T0 + timedelta(hours=1))
    news = replace(repeat, id=100, url=first.url + "/news", paragraphs=("It said 41 died.",))
    result = cluster([first, repeat, news], [], ClusterState(), ClusterOptions(), now=T0)
    opened, again, told = result.placements
    assert opened.opens and opened.rewrite
    assert again.story_id == told.story_id == opened.story_id
    assert not again.rewrite  # the same outlet telling the same facts
    assert told.rewrite  # a figure none of the story's articles states


def test_undated_articles_take_the_calls_time() -> None:
    first = replace(sample()[0][1], published_at=None)
    (placed,) = cluster([first], [], ClusterState(), ClusterOptions(), now=T0).placements
    assert placed.at == T0


def test_an_article_is_news_to_its_story_with_a_new_outlet_figure_or_name() -> None:
    records = sample()
    florida = [a for r, a in records if r["neus_id"] in ("neus-val-0003-a0", "neus-val-0003-a1")]
    first, second = florida
    story = [first]
    assert brings_news(second, story)  # another outlet
    same_outlet = replace(second, site_name=first.site_name)
    assert brings_news(same_outlet, story)  # its figures (a third of U.S. states, 19) are new
    # The same outlet again, its update telling only what the story already says.
    update = replace(
        first,
        url=first.url + "/update",
        paragraphs=("Florida on Sunday reported more than 15,000 new coronavirus cases.",),
    )
    assert not brings_news(update, story)
    assert brings_news(replace(update, paragraphs=("Florida reported 16,000 cases.",)), story)
    assert brings_news(
        replace(update, paragraphs=("Governor Ron DeSantis said Florida reported cases.",)),
        story,
    )


def test_a_copy_is_news_only_from_a_new_outlet() -> None:
    first = sample()[0][1]
    copy = replace(first, url="https://elsewhere.example/copy", site_name="")
    assert copy_brings_news(copy, [first])
    assert not copy_brings_news(copy, [first, replace(copy, url="https://elsewhere.example/b")])
