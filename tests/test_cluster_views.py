"""A view that would open a story joins the recent report it discusses
(cluster/views.py; docs/decisions/cluster.md, "Views join the report they discuss")."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from newsdesk.cluster import (
    ClusterOptions,
    ClusterState,
    OpenStory,
    StoryClusterer,
    cluster,
    state_of_rows,
    state_rows,
)
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


def _background(options: ClusterOptions) -> StoryClusterer:
    """A clusterer holding five stories of the day before."""
    clusterer = StoryClusterer(options)
    for i, (title, text) in enumerate(BACKGROUND):
        article = _article(i + 1, (title, text), float(i), ArticleKind.NEWS, "wire.example")
        decision = clusterer.assign(article)
        clusterer.commit(article, decision.story_id or 100 + i, decision.merged)
    return clusterer


def _window(options: ClusterOptions) -> StoryClusterer:
    """Five stories of the day before, then the report of his death (story 200)."""
    clusterer = _background(options)
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


COLUMN_STORY = 300


def _views_only_window(options: ClusterOptions) -> StoryClusterer:
    """Five stories of the day before, then a column on Rumsfeld's death opens its own."""
    clusterer = _background(options)
    column = _article(20, COLUMN, 6.0, ArticleKind.OPINION, "b.example")
    assert clusterer.assign(column).story_id is None
    clusterer.commit(column, COLUMN_STORY)
    return clusterer


def test_a_report_joins_a_recent_story_made_only_of_views_of_its_event() -> None:
    report = _article(21, NEWS, 8.0, ArticleKind.NEWS, "a.example")
    clusterer = _views_only_window(ClusterOptions())
    top, best = clusterer.scores(report)[0]
    assert best == COLUMN_STORY and top < ClusterOptions().weak_threshold  # words alone: apart
    assert clusterer.assign(report).story_id == COLUMN_STORY
    assert _views_only_window(ClusterOptions(report_floor=0.0)).assign(report).story_id is None
    # Undated, or past the event window: it opens its own story.
    assert clusterer.assign(replace(report, published_at=None)).story_id is None
    # 14 h after the column, with an event window of 10 h (and no score decay past it).
    late = replace(report, published_at=T0 + timedelta(hours=20))
    short = ClusterOptions(event_hours=10.0, event_half_life_hours=1e9)
    assert _views_only_window(short).assign(late).story_id is None
    wide = replace(short, event_hours=24.0)
    assert _views_only_window(wide).assign(late).story_id == COLUMN_STORY


def test_a_report_takes_the_lower_floor_only_beside_views_and_only_as_a_report() -> None:
    report = _article(21, NEWS, 8.0, ArticleKind.NEWS, "a.example")
    # The story also holds a report (of a memorial, few words in common): the rule's
    # terms hold (score 0.074, 2.8 times the second), but it is no story of views only.
    memorial = (
        "Officials set a date for a memorial ceremony",
        "Officials said on Monday that a memorial ceremony will be held next month at "
        "Arlington cemetery, the department said in a statement.",
    )
    mixed = _views_only_window(ClusterOptions())
    mixed.commit(_article(22, memorial, 7.0, ArticleKind.NEWS, "c.example"), COLUMN_STORY)
    top, best = mixed.scores(report)[0]
    assert best == COLUMN_STORY and ClusterOptions().report_floor <= top
    assert mixed.assign(report).story_id is None
    # A news report the voice model doubts is a view: the story stays one of views only.
    doubted = _views_only_window(ClusterOptions())
    doubted.commit(_article(22, COLUMN, 7.0, ArticleKind.NEWS, "c.example"), COLUMN_STORY)
    assert doubted.views.views_only(doubted.window.stories[COLUMN_STORY])
    assert doubted.assign(report).story_id == COLUMN_STORY
    # An unclassified article is no report the rule knows: it opens its own story.
    alone = _views_only_window(ClusterOptions())
    assert alone.assign(replace(report, kind=None)).story_id is None


def test_a_resumed_stage_knows_the_window_members_kinds_from_its_open_stories() -> None:
    """The stage hands the clusterer the open stories' articles with a saved window, so a
    window rebuilt from saved rows tells a story of views only as the live one does."""
    options = ClusterOptions()
    background = [
        _article(i + 1, text, float(i), ArticleKind.NEWS, "wire.example")
        for i, text in enumerate(BACKGROUND)
    ]
    column = _article(20, COLUMN, 6.0, ArticleKind.OPINION, "b.example")
    report = _article(21, NEWS, 8.0, ArticleKind.NEWS, "a.example")
    first = cluster([*background, column], [], ClusterState(), options, now=T0)
    (placed,) = [p for p in first.placements if p.article_id == column.id]
    assert placed.opens
    live = cluster([report], first.stories, first.state, options, now=T0)
    saved = state_of_rows(state_rows(first.state))
    resumed = cluster([report], first.stories, saved, options, now=T0)
    assert live.placements == resumed.placements
    assert live.placements[0].story_id == placed.story_id  # it joined the column's story
    # Without the stories' articles the rebuilt window knows no member's kind: a report.
    blind = [OpenStory(s.story_id, ()) for s in first.stories]
    assert cluster([report], blind, saved, options, now=T0).placements[0].opens


def test_the_rule_forgets_the_kinds_of_articles_that_left_the_window() -> None:
    clusterer = StoryClusterer(ClusterOptions(max_open_articles=50))
    for i in range(1, 3001):
        text = (f"Item {i}", f"Word{i} alone.")
        clusterer.commit(_article(i, text, i / 60, ArticleKind.NEWS, "x.example"), i)
    assert len(clusterer.window.story_of) <= 50
    assert len(clusterer.views) <= 2 * 50 + 1024 + 1


# Florida's ban, then a column on it that names no one: no fact of the story's own, a
# weak score, but clearly ahead of the one other story it touches (school funding).
BAN = (
    "Florida bans critical race theory from its classrooms",
    "The Florida Board of Education voted on Thursday to ban teaching critical race theory "
    "in public schools, a move pushed by Governor Ron DeSantis, who called the theory divisive.",
)
NAMELESS = (
    "To teach or not to teach it?",
    "Banning a theory from school classrooms will not make the history it describes go away. "
    "Teachers, not politicians, should decide what children read, and I think the ban will "
    "backfire on the states that pass it.",
)


def test_a_view_clearly_ahead_joins_with_no_fact_of_the_story_s_own() -> None:
    def placed(options: ClusterOptions, kind: ArticleKind | None) -> int | None:
        clusterer = _window(options)
        report = _article(30, BAN, 8.0, ArticleKind.NEWS, "d.example")
        assert clusterer.assign(report).story_id is None
        clusterer.commit(report, 300)
        column = _article(31, NAMELESS, 20.0, kind, "e.example")
        (top, best), (runner, _) = clusterer.scores(column)[:2]
        assert best == 300 and options.weak_threshold <= top < options.clear_margin * runner
        assert clusterer.joins.facts_of(column, 300) == []
        return clusterer.assign(column).story_id

    options = ClusterOptions()
    assert placed(options, ArticleKind.OPINION) == 300
    assert placed(replace(options, view_clear_floor=0.0), ArticleKind.OPINION) is None
    assert placed(options, None) is None  # an unclassified article is no view
