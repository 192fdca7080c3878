"""Online story clustering: each new article joins an open story or opens a new one.

``StoryClusterer`` is the clusterer the stage runs: it scores each article against the open
stories (``StoryScorer``, cluster/scoring.py), decides which one it joins (``JoinRule``,
cluster/joining.py; a view may still join by ``ViewRule``, cluster/views.py, and with
``use_embeddings`` a MiniLM sentence vector settles what the words leave open, cluster/dense.py),
and records it in the open window (cluster/window.py). Stories close after ``quiet_hours`` or once
``max_open_articles`` newer articles arrived, so cost depends on the window, not the archive.

How it decides in full, how the defaults were tuned and what was rejected:
docs/decisions/cluster.md; figures and commands: docs/clustering.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from newsdesk import embed
from newsdesk.cluster.joining import Assignment, JoinRule
from newsdesk.cluster.options import ClusterOptions
from newsdesk.cluster.scoring import StoryScorer, published_or_updated
from newsdesk.cluster.state import ClusterState
from newsdesk.cluster.views import ViewRule
from newsdesk.cluster.window import Member, OpenWindow
from newsdesk.embed import Embedder, Vectors
from newsdesk.errors import NotStoredError
from newsdesk.models import Article


class StoryClusterer:
    """Assigns articles to stories online; docs/decisions/cluster.md has the method."""

    def __init__(
        self, options: ClusterOptions | None = None, embedder: Embedder | None = None
    ) -> None:
        options = options or ClusterOptions()
        if options.use_embeddings:
            if embedder is None:
                embedder = embed.shared_embedder()  # looked up here: tests swap it
        else:
            embedder = None
        self.window = OpenWindow(
            options.quiet_hours,
            options.max_open_articles,
            options.features.idf_prior_docs,
            None if embedder is None else embedder.dimensions,
            options.idf_memory,
        )
        self.scorer = StoryScorer(options, self.window, embedder)
        self.joins = JoinRule(self.scorer)
        self._opened: tuple[Article, list[int]] | None = None  # see ``assign``
        self.views = ViewRule(self.joins.facts_of)  # views and reports (cluster/views.py)

    @property
    def options(self) -> ClusterOptions:
        """The options it runs with."""
        return self.scorer.options

    @property
    def embedder(self) -> Embedder | None:
        """The embedder in use, or None when clustering on words alone."""
        return self.scorer.embedder

    def prepare(
        self, articles: Sequence[Article], known: Mapping[int, Vectors] | None = None
    ) -> dict[int, Vectors]:
        """Embed ``articles`` in one batch before they are assigned (embeddings only).

        Args:
            articles: articles with ids, about to be restored or assigned.
            known: embeddings already at hand (from the store), by article id.

        Returns:
            The embeddings computed here (not those in ``known``), by article id, so
            that the caller can keep them.
        """
        return self.scorer.prepare(articles, known)

    # -- reading ---------------------------------------------------------------------

    def open_story_ids(self) -> list[int]:
        """Return the ids of the stories that still accept articles."""
        return sorted(self.window.stories)

    def watch_lists(self) -> dict[int, list[int]]:
        """Which small stories watch which open story, to keep between runs.

        Returns:
            Open story id -> the ids of the stories that watch it, oldest first.
        """
        return {
            sid: list(ids)
            for sid, ids in self.window.watchers.items()
            if sid in self.window.stories
        }

    def restore_watch_lists(self, lists: Mapping[int, Sequence[int]]) -> None:
        """Take back ``watch_lists`` of an earlier run, after ``restore`` (closed stories,
        and stories merged away since, are left out).

        Args:
            lists: what ``watch_lists`` returned.
        """
        for sid, ids in lists.items():
            if sid in self.window.stories:
                self.window.watch(sid, [i for i in ids if i in self.window.stories and i != sid])

    def scores(self, article: Article) -> list[tuple[float, int]]:
        """Score ``article`` against its candidate open stories, best first.

        Args:
            article: the new article.

        Returns:
            ``(score, story_id)`` pairs for the candidates with a positive score.
        """
        return self.scorer.scores(article)

    def assign(self, article: Article) -> Assignment:
        """Decide which open story ``article`` belongs to, without recording it.

        Args:
            article: the new article.

        Returns:
            The story to join (None: open a new one) and stories to merge into it.
        """
        ranked = self.scores(article)
        decision = self.joins.decide(article, ranked)
        if decision.story_id is None:  # a view, or the sentence vector, may still join
            sid = self.views.choose(article, ranked, self.window.stories, self.options)
            if sid is None and self.options.dense_join > 0.0:
                sid = self.joins.dense_choice(article)
            if sid is not None:
                return Assignment(sid)
            # It opens a story, which watches its best candidates (``commit``).
            self._opened = (article, [s for _, s in ranked[: self.options.late_join_watch]])
        return decision

    # -- recording -------------------------------------------------------------------

    def commit(self, article: Article, story_id: int, merged: tuple[int, ...] = ()) -> None:
        """Record that ``article`` joined ``story_id``, and merge ``merged`` into it.

        Args:
            article: the article (its id must be set).
            story_id: the story it joined (a new id when ``assign`` said None).
            merged: open stories to fold into ``story_id``.

        Raises:
            NotStoredError: when the article has no id.
        """
        if article.id is None:
            raise NotStoredError("StoryClusterer.commit needs an article with an id")
        vec = self.scorer.vector(article)
        dense = self.scorer.embedding(article)
        self.scorer.forget(article.id)
        watched: list[int] = []
        if self._opened is not None and self._opened[0] is article:
            watched = self._opened[1]
        self._opened = None
        member = Member(article.id, vec, published_or_updated(article), article.site_name, dense)
        self.window.add(member, story_id, merged, watched)
        self.views.note([article], self.window.story_of)

    def restore(self, story_id: int, articles: Sequence[Article]) -> None:
        """Reopen a stored story with its articles (a store that kept no window).

        The vectors are weighed again with today's IDF, so the window is close to, not
        exactly, the one that placed them: ``from_state`` rebuilds it exactly.

        Args:
            story_id: the story's id in the store.
            articles: its articles, oldest first; each must have an id.
        """
        for article in articles:
            if article.id is not None and article.id not in self.window.story_of:
                self.commit(article, story_id)

    def snapshot(self) -> ClusterState:
        """The open window as plain values, to save; ``from_state`` rebuilds it exactly."""
        return replace(self.window.snapshot(), clusterer=self)

    def renumber(self, ids: Mapping[int, int]) -> None:
        """Rename open stories (id -> new id): stories opened under a placeholder id."""
        self.window.renumber(ids)

    @classmethod
    def from_state(
        cls,
        state: ClusterState,
        options: ClusterOptions | None = None,
        embedder: Embedder | None = None,
        embeddings: Mapping[int, Vectors] | None = None,
    ) -> StoryClusterer:
        """A clusterer that decides exactly as the one whose ``snapshot`` gave ``state``.

        Args:
            state: the saved window (not its articles' kinds: ``views.note`` them).
            options: the options it ran with.
            embedder: as for the constructor.
            embeddings: the embeddings of the window's articles (with embeddings on).
        """
        clusterer = cls(options, embedder)
        clusterer.window.restore(state, embeddings or {})
        return clusterer

    def evict_before(self, when: datetime) -> int:
        """Close every open story whose newest article is dated before ``when``.

        Returns:
            How many stories were closed.
        """
        return self.window.evict_before(when)
