"""A view that would open a story joins the recent report it discusses
(cluster/views.py; docs/decisions/cluster.md, "Views join the report they discuss")."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from newsdesk.cluster import ClusterOptions, StoryClusterer, state_of_rows, state_rows
from newsdesk.cluster.views import is_view
from newsdesk.models import Article, ArticleKind
from test_cluster_facts import BACKGROUND, T0

NEWS = (
    "Donald Rumsfeld, defense secretary during the Iraq war, dies at 88",
    "Donald Rumsfeld, who served as defense secretary under two presidents and led the "
    "Pentagon during the invasion of Iraq, died on Tuesday at his home in New Mexico, his "
    "family said.",
)
# A column on his death the next morning: his name is the one word it shares with the report.
COLUMN = (
    "The chaotic genius of a Washington survivor",
    "Few men loved a memo more than Donald Rumsfeld. His snowflakes, terse notes fired off "
    "to aides by the hundreds, made him feared and admired in equal measure, and I think "
    "history will judge him more kindly than his critics do.",
)
# A plain report of another day's news about him, in as few shared words.
PLAIN = (
    "Rumsfeld memos go on display at a library in Washington",
    "The memos Donald Rumsfeld sent to aides, known as snowflakes, were put on display on "
    "Wednesday, the library said in a statement. The exhibit opens to the public next month, "
    "officials said.",
)
NEWS_STORY = 200


def _window(options: ClusterOptions) -> StoryClusterer:
    """Five stories of the day before, then the report of his death (story 200)."""
    clusterer = StoryClusterer(options)
    for i, (title, text) in enumerate(BACKGROUND):
        article = _article(i + 1, (title, text), float(i), ArticleKind.NEWS, "wire.example")
        decision = clusterer.assign(article)
        clusterer.commit(article, decision.story_id or 100 + i, decision.merged)
    report = _article(20, NEWS, 6.0, ArticleKind.NEWS, "a.example")
    assert clusterer.assign(report).story_id is None
    clusterer.commit(report, NEWS_STORY)
    return clusterer


def _article(
    i: int, text: tuple[str, str], hours: float | None, kind: ArticleKind | None, site: str
) -> Article:
    when = None if hours is None else T0 + timedelta(hours=hours)
    return Article(
        f"https://{site}/{i}",
        text[0],
        (text[1],),
        published_at=when,
        site_name=site,
        id=i,
        kind=kind,
    )


def test_a_column_that_names_the_event_joins_its_recent_report() -> None:
    clusterer = _window(ClusterOptions())
    column = _article(21, COLUMN, 20.0, ArticleKind.OPINION, "b.example")
    top, best = clusterer.scores(column)[0]
    assert best == NEWS_STORY and top < ClusterOptions().weak_threshold  # words alone: apart
    assert clusterer.assign(column).story_id == NEWS_STORY
    assert _window(ClusterOptions(view_floor=0.0)).assign(column).story_id is None


def test_only_a_view_takes_the_lower_floor_a_plain_report_opens_its_own_story() -> None:
    clusterer = _window(ClusterOptions())
    report = _article(22, PLAIN, 20.0, ArticleKind.NEWS, "c.example")
    assert not is_view(report)
    assert clusterer.assign(report).story_id is None
    assert clusterer.assign(replace(report, kind=ArticleKind.ANALYSIS)).story_id == NEWS_STORY


def test_a_report_the_voice_model_doubts_is_a_view_an_unclassified_one_is_not() -> None:
    clusterer = _window(ClusterOptions())
    doubted = _article(21, COLUMN, 20.0, ArticleKind.NEWS, "b.example")
    assert is_view(doubted)  # labelled news, but it reads like a column (write/plain.py)
    assert clusterer.assign(doubted).story_id == NEWS_STORY
    unclassified = replace(doubted, kind=None)
    assert not is_view(unclassified)
    assert clusterer.assign(unclassified).story_id is None


def test_undated_views_and_views_past_the_event_window_open_their_own_story() -> None:
    column = _article(21, COLUMN, None, ArticleKind.OPINION, "b.example")
    assert _window(ClusterOptions()).assign(column).story_id is None
    # 14 h after the report, with an event window of 10 h (and no score decay past it).
    late = ClusterOptions(event_hours=10.0, event_half_life_hours=1e9)
    assert (
        _window(late).assign(replace(column, published_at=T0 + timedelta(hours=20))).story_id
        is None
    )
    assert (
        _window(replace(late, event_hours=24.0))
        .assign(replace(column, published_at=T0 + timedelta(hours=20)))
        .story_id
        == NEWS_STORY
    )


def test_a_rebuilt_window_places_the_column_as_the_live_one() -> None:
    live = _window(ClusterOptions())
    rebuilt = StoryClusterer.from_state(
        state_of_rows(state_rows(live.snapshot())), ClusterOptions()
    )
    column = _article(21, COLUMN, 20.0, ArticleKind.OPINION, "b.example")
    assert rebuilt.assign(column) == live.assign(column) == live.assign(column)
    assert rebuilt.assign(column).story_id == NEWS_STORY
