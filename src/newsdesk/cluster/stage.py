"""The cluster stage's one entry point: new articles in, their placements and the new state out.

``cluster`` takes plain values (the new articles, the open stories with their articles,
the clusterer's saved state, the options, an optional embedder) and returns plain values
(where each article goes, which stories merge, which change enough to be rewritten, and
the state to save). It reads and writes no store: the pipeline's adapter does that, in
one transaction with the state, so that a run killed at any point resumes to the result
of an uninterrupted one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsdesk.cluster.clusterer import StoryClusterer
from newsdesk.cluster.options import ClusterOptions
from newsdesk.cluster.state import ClusterState
from newsdesk.embed import Embedder, Vectors
from newsdesk.models import Article
from newsdesk.text import names, numbers

NEW_STORY_IDS = 1 << 48
"""Stories opened by one call are numbered from here, in the order they open; the store
gives them their real ids (which also follow every existing story's, in the same order)."""


def live_clusterer(state: ClusterState) -> StoryClusterer | None:
    """The clusterer ``state`` was taken from, when it has not changed since."""
    found = state.clusterer
    if not isinstance(found, StoryClusterer) or state.token is None:
        return None
    return found if found.window.token is state.token else None


@dataclass(frozen=True, slots=True)
class OpenStory:
    """A stored story that may still take articles, with its articles that are not copies."""

    story_id: int
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one article went.

    ``story_id`` is an open story, or a story the article opened (``opens``; numbered from
    ``NEW_STORY_IDS`` until stored); the stories of ``merged`` are merged into it after
    the article joined. ``rewrite`` marks the story for writing again. ``at`` is the
    article's time (its date; the call's ``now`` when it has none).
    """

    article_id: int
    story_id: int
    opens: bool
    merged: tuple[int, ...]
    rewrite: bool
    at: datetime


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """The placements, in the order the articles were taken, the state to save, and the
    open stories with their articles (what the next call takes)."""

    placements: tuple[Placement, ...]
    state: ClusterState
    stories: tuple[OpenStory, ...]

    def renumbered(self, ids: Mapping[int, int]) -> tuple[ClusterState, list[OpenStory]]:
        """The state and open stories with the stories opened here given their stored ids.

        Args:
            ids: new story id (from ``NEW_STORY_IDS``) -> the id the store gave it.
        """
        stories = [OpenStory(ids.get(s.story_id, s.story_id), s.articles) for s in self.stories]
        live = live_clusterer(self.state)
        if live is None:
            return self.state.renumbered(ids), stories
        live.renumber(ids)
        return live.snapshot(), stories


def article_time(article: Article, now: datetime) -> datetime:
    """The article's date (UTC when it names no zone); ``now`` when it has none."""
    stamp = article.published_at or now
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def in_order(articles: Iterable[Article], now: datetime) -> list[Article]:
    """``articles`` in the order the stage takes them: by date, then by arrival.

    Arrival is the raw document's id: ingestion order, the same whichever worker
    extracted the article (article ids follow extraction).
    """
    return sorted(articles, key=lambda a: (article_time(a, now), a.raw_id or 0))


def cluster(
    articles: Sequence[Article],
    stories: Sequence[OpenStory],
    state: ClusterState,
    options: ClusterOptions,
    *,
    now: datetime,
    embedder: Embedder | None = None,
    embeddings: Mapping[int, Vectors] | None = None,
    closed: Collection[int] = (),
) -> ClusterResult:
    """Place each new article in an open story or a new one, online, in date order.

    Args:
        articles: the new articles (not copies: a copy goes with its original), with ids.
        stories: the open stories of ``state``, each with its articles (not copies), which
            tell whether an article brings news to its story.
        state: the open window as the previous call left it (``ClusterState()`` at first).
        options: the clusterer's options.
        now: the time of undated articles.
        embedder: the embedder, with ``options.use_embeddings`` (the shared one if None).
        embeddings: vectors already computed (by article id): at least those of the
            window's articles, which the saved window does not hold.
        closed: open stories to close first, as the window closes a quiet story: an
            operator retracted or suppressed them, so they take no more articles and a
            new report of their event opens a new story (read by the operator and the
            writer afresh) instead of vanishing into a story that is never rewritten.

    Returns:
        The placements, in date order, the new state and the open stories.
    """
    clusterer = live_clusterer(state)
    if (
        clusterer is None
        or clusterer.options != options
        or embedder not in (None, clusterer.embedder)
    ):
        clusterer = StoryClusterer.from_state(state, options, embedder, embeddings)
    if embeddings:
        clusterer.prepare([], embeddings)
    clusterer.views.note(a for story in stories for a in story.articles)
    for story_id in sorted(closed):
        if story_id in clusterer.window.stories:
            clusterer.window.close(story_id)
    members = {story.story_id: list(story.articles) for story in stories}
    placements = []
    next_id = NEW_STORY_IDS
    for article in in_order(articles, now):
        assert article.id is not None
        decision = clusterer.assign(article)
        if decision.story_id is None:
            target, opens, rewrite = next_id, True, True
            next_id += 1
        else:
            target, opens = decision.story_id, False
            told = sorted(members.get(target, ()), key=lambda a: a.id or 0)
            rewrite = bool(decision.merged) or brings_news(article, told)
        members.setdefault(target, []).append(article)
        for other in decision.merged:
            members[target] += members.pop(other, [])
        clusterer.commit(article, target, decision.merged)
        placements.append(
            Placement(
                article.id, target, opens, decision.merged, rewrite, article_time(article, now)
            )
        )
    after = clusterer.snapshot()
    open_now = tuple(OpenStory(sid, tuple(members.get(sid, ()))) for sid in after.stories)
    return ClusterResult(tuple(placements), after, open_now)


def window_from_articles(
    stories: Sequence[OpenStory],
    watch_lists: Mapping[int, Sequence[int]],
    options: ClusterOptions,
    *,
    embedder: Embedder | None = None,
    embeddings: Mapping[int, Vectors] | None = None,
) -> ClusterState:
    """The open window rebuilt from the open stories' articles, for a store that kept none.

    The articles are weighed with the IDF of the rebuilt window, not the one they were
    placed with, so the window is close to, not exactly, the one that placed them.

    Args:
        stories: the stories to reopen, each with its articles (not copies), oldest first.
        watch_lists: the watch lists the store kept (open story -> watching stories).
        options, embedder, embeddings: as for ``cluster``.
    """
    clusterer = StoryClusterer(options, embedder)
    if embeddings:
        clusterer.prepare([], embeddings)
    for story in stories:
        clusterer.restore(story.story_id, story.articles)
    clusterer.restore_watch_lists(watch_lists)
    return clusterer.snapshot()


def brings_news(article: Article, story: Sequence[Article]) -> bool:
    """Whether ``article`` changes its story enough to rewrite it.

    It does when it comes from an outlet the story lacks, or states a figure or a name
    that none of the story's articles states. Another article of an outlet already in
    the story, telling the same facts, changes nothing a reader would see.
    """
    if not story or article.outlet not in {a.outlet for a in story}:
        return True
    told = "\n".join(f"{a.title}\n{a.text}" for a in story)
    text = f"{article.title}\n{article.text}"
    if numbers(text) - numbers(told):
        return True
    known = told.lower()
    return any(name.lower() not in known for name in names(text))


def copy_brings_news(copy: Article, story: Sequence[Article]) -> bool:
    """Whether a copy (found by dedupe) changes its original's story: only from a new outlet.

    Args:
        copy: the copy.
        story: every article of the story, copies included.
    """
    return copy.outlet not in {a.outlet for a in story}
