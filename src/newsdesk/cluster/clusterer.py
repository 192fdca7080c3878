"""Online story clustering: each new article joins an open story or opens a new one.

Every article becomes a unit TF-IDF vector (``features``; IDF from the open stories' articles seen
so far, blended with a story IDF) and is scored against the summed vectors of the open stories that
share an informative term with it, with a time decay and a same-outlet penalty. It joins the best
story on a clear match (``threshold``, no rival near it: ``ambiguity_ratio``) or a weaker match no
other story comes near (``weak_threshold``, ``clear_margin``), and otherwise opens a new story.
Stories that the article bridges are merged; small stories that opened alone are judged again when
a story they watch grows (late joins). Stories close after ``quiet_hours`` or once
``max_open_articles`` newer articles arrived, so cost depends on the window, not the archive. With
``use_embeddings`` a MiniLM sentence vector settles what the words leave open for a dated
article (cluster/dense.py); ``embedding_weight`` > 0 blends it into the score instead.

How it decides in full, how the defaults were tuned and what was rejected:
docs/decisions/cluster.md; figures and commands: docs/clustering.md.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from newsdesk import embed
from newsdesk.cluster.core import core_coverage, headline_told
from newsdesk.cluster.dense import dense_story
from newsdesk.cluster.facts import distinctive_shared, fact_terms
from newsdesk.cluster.options import ClusterOptions
from newsdesk.cluster.state import ClusterState
from newsdesk.cluster.views import ViewRule, is_view
from newsdesk.cluster.window import Member, OpenWindow, Story, sparse_dot, unit
from newsdesk.embed import Embedder, Vectors
from newsdesk.errors import NotStoredError
from newsdesk.features import article_terms
from newsdesk.models import Article
from newsdesk.text.tokens import terms


@dataclass(frozen=True, slots=True)
class Assignment:
    """The clusterer's decision for one article.

    ``story_id`` None means "open a new story"; ``merged`` lists other open stories
    found to be the same event, to be merged into ``story_id``.
    """

    story_id: int | None
    merged: tuple[int, ...] = ()


def _when(article: Article) -> datetime | None:
    when = article.published_at or article.updated_at
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


class StoryClusterer:
    """Assigns articles to stories online; docs/decisions/cluster.md has the method."""

    def __init__(
        self, options: ClusterOptions | None = None, embedder: Embedder | None = None
    ) -> None:
        self.options = options or ClusterOptions()
        self._embedder: Embedder | None = None
        if self.options.use_embeddings:
            if embedder is None:
                embedder = embed.shared_embedder()  # looked up here: tests swap it
            self._embedder = embedder
        self._dense: dict[int, Vectors] = {}  # article id -> embedding, until committed
        self.window = OpenWindow(
            self.options.quiet_hours,
            self.options.max_open_articles,
            self.options.features.idf_prior_docs,
            None if self._embedder is None else self._embedder.dimensions,
            self.options.idf_memory,
        )
        self._cache: tuple[Article, dict[str, float], ClusterOptions] | None = None
        self._opened: tuple[Article, list[int]] | None = None  # see ``assign``
        self.views = ViewRule(self._facts_of)  # views and reports (cluster/views.py)

    @property
    def embedder(self) -> Embedder | None:
        """The embedder in use, or None when clustering on words alone."""
        return self._embedder

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
        if self._embedder is None:
            return {}
        if known:
            self._dense.update(known)
        todo = [a for a in articles if a.id is not None and a.id not in self._dense]
        if not todo:
            return {}
        vectors = self._embedder.embed([embed.article_text(a) for a in todo])
        fresh = {a.id: vectors[i] for i, a in enumerate(todo) if a.id is not None}
        self._dense.update(fresh)
        return fresh

    def _embedding(self, article: Article) -> Vectors | None:
        if self._embedder is None:
            return None
        if article.id is not None and article.id in self._dense:
            return self._dense[article.id]
        vector: Vectors = self._embedder.embed([embed.article_text(article)])[0]
        if article.id is not None:
            self._dense[article.id] = vector
        return vector

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

    def _vector(self, article: Article) -> dict[str, float]:
        cache = self._cache
        if cache is not None and cache[0] is article and cache[2] is self.options:
            return cache[1]
        raw = article_terms(article, self.options.features)
        weight = self.options.story_idf_weight
        if weight <= 0.0:
            vec = self.window.df.vector(raw)
        else:
            df, postings = self.window.df, self.window.postings
            stories = len(self.window.stories) + df.prior_docs + 1.0

            def idf(term: str) -> float:
                """Article IDF blended with story IDF (open stories holding the term)."""
                held = postings.get(term)
                story = math.log(stories / ((len(held) if held else 0) + 1)) + 1.0
                return (1.0 - weight) * df.idf(term) + weight * story

            vec = df.vector(raw, idf)
        self._cache = (article, vec, self.options)
        return vec

    def _time_factor(self, story: Story, when: datetime | None) -> float | None:
        """Decay for the gap between ``when`` and the story's span, and for how long after
        the story's first report ``when`` is (``event_hours``); None when closed."""
        if when is None or story.first is None or story.last is None:
            return 1.0
        if when > story.last:
            gap = (when - story.last).total_seconds() / 3600.0
        elif when < story.first:
            gap = (story.first - when).total_seconds() / 3600.0
        else:
            gap = 0.0
        if gap > self.options.quiet_hours:
            return None
        factor = 0.5 ** (gap / self.options.decay_half_life_hours)
        # A saga's later event reads like the story it follows: past the event's first
        # day the score halves every ``event_half_life_hours``, so only a clear match joins.
        late = (when - story.first).total_seconds() / 3600.0 - self.options.event_hours
        if late > 0.0:
            factor *= 0.5 ** (late / self.options.event_half_life_hours)
        return float(factor)

    def _outlet_factor(self, story: Story, site: str, when: datetime | None) -> float:
        if not site or when is None:
            return 1.0
        dates = story.sites.get(site)
        if not dates:
            return 1.0
        # The outlet's dates are sorted: only the two around ``when`` can be the nearest.
        i = bisect.bisect_left(dates, when)
        window = self.options.outlet_window_hours * 3600.0
        for seen in dates[max(i - 1, 0) : i + 1]:
            if abs((seen - when).total_seconds()) <= window:
                return self.options.outlet_penalty
        return 1.0

    def scores(self, article: Article) -> list[tuple[float, int]]:
        """Score ``article`` against its candidate open stories, best first.

        Args:
            article: the new article.

        Returns:
            ``(score, story_id)`` pairs for the candidates with a positive score.
        """
        vec, when = self._vector(article), _when(article)
        return self._rank(vec, self._embedding(article), when, article.site_name)

    def _rank(
        self,
        vec: Mapping[str, float],
        dense: Vectors | None,
        when: datetime | None,
        site: str,
        skip: int | None = None,
        top_k: int | None = None,
    ) -> list[tuple[float, int]]:
        """``scores`` for a vector (an article's, or a stored member's: ``skip`` its story)."""
        opts = self.options
        if not self.window.stories or (not vec and dense is None):
            return []
        limit = opts.common_df_ratio * len(self.window.stories)
        partial: dict[int, float] = defaultdict(float)
        common: list[tuple[str, float]] = []
        for term, q in vec.items():
            posting = self.window.postings.get(term)
            if not posting:
                continue
            if len(posting) > limit and len(self.window.stories) >= 100:
                common.append((term, q))  # counted below, for the candidates only
                continue
            for sid, w in posting.items():
                partial[sid] += q * w
        if skip is not None:
            partial.pop(skip, None)
        # Ties by story id: the same candidates whatever order the postings were built in.
        candidates = heapq.nlargest(
            top_k or opts.max_candidates, partial.items(), key=lambda x: (x[1], -x[0])
        )
        index = self.window.dense_index
        sims = None
        if dense is not None and index is not None and opts.embedding_weight > 0.0:
            sims = index.similarities(dense)  # with every open story, in one product
            # Stories that say the same in other words share no informative term.
            seen = {sid for sid, _ in candidates}
            if skip is not None:
                seen.add(skip)
            for sid in index.nearest(sims, opts.max_candidates + (skip is not None)):
                if sid not in seen:
                    candidates.append((sid, partial.get(sid, 0.0)))
        weight = opts.embedding_weight
        out: list[tuple[float, int]] = []
        for sid, dot in candidates:
            story = self.window.stories[sid]
            factor = self._time_factor(story, when)
            if factor is None:
                continue
            total = story.total
            norm = max(story.norm2, 1e-12) ** 0.5
            score = (dot + sum(q * total.get(t, 0.0) for t, q in common)) / norm
            if sims is not None and index is not None and sid in index:
                score = (1.0 - weight) * score + weight * index.cosine(sims, sid)
            score *= factor * self._outlet_factor(story, site, when)
            if score > 0.0:
                out.append((score, sid))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    def assign(self, article: Article) -> Assignment:
        """Decide which open story ``article`` belongs to, without recording it.

        Args:
            article: the new article.

        Returns:
            The story to join (None: open a new one) and stories to merge into it.
        """
        ranked = self.scores(article)
        decision = self._decide(article, ranked)
        if decision.story_id is None:  # a view, or the sentence vector, may still join
            sid = self.views.choose(article, ranked, self.window.stories, self.options)
            if sid is None and self.options.dense_join > 0.0:
                sid = self._dense_choice(article)
            if sid is not None:
                return Assignment(sid)
            # It opens a story, which watches its best candidates (``commit``).
            self._opened = (article, [s for _, s in ranked[: self.options.late_join_watch]])
        return decision

    def _decide(self, article: Article, ranked: list[tuple[float, int]]) -> Assignment:
        opts = self.options
        if not ranked or ranked[0][0] < min(opts.threshold, opts.weak_threshold):
            return Assignment(None)
        top, best = ranked[0]
        merged = [sid for score, sid in ranked[1:] if score >= opts.merge_threshold]
        near = [
            sid
            for score, sid in ranked[1:4]
            if sid not in merged and score >= opts.story_merge_floor
        ]
        if near:
            merged += self._similar_stories(best, article, near)
        # The strongest story that stays apart: when it scores almost as well as the
        # best, the article is ambiguous and opens its own story; below ``threshold``
        # the best must win by ``clear_margin``.
        rival = next((score for score, sid in ranked[1:] if sid not in merged), 0.0)
        # A weak join of a report must also have its headline told (``_headline_told``).
        if not self._clear(top, rival) or not self._headline_told(article, best, top):
            torn = self._torn(article, ranked, merged)
            if torn is None:
                return Assignment(None)
            if torn >= 0:
                merged.append(torn)
        if opts.late_join_checks > 0:
            merged += self._late_joins(best, article, ranked, merged)
        if merged:  # the largest story survives: merging costs the smaller ones only
            group = [best, *merged]
            best = max(group, key=lambda sid: (len(self.window.stories[sid].members), -sid))
            merged = [sid for sid in group if sid != best]
        return Assignment(best, tuple(sorted(merged)))

    def _cores_meet(self, story: Story, other: Story) -> bool:
        """Two dated stories to merge late must each tell enough of the other's core
        (cluster/core.py); undated ones are not tested."""
        floor, df = self.options.late_core_floor, self.window.df
        if floor <= 0.0 or story.first is None or other.first is None:
            return True
        told = min(core_coverage(story.total, other, df), core_coverage(other.total, story, df))
        return told >= floor

    def _headline_told(self, article: Article, best: int, top: float) -> bool:
        """A dated news report's weak join (below ``threshold``) into a story of
        ``late_join_story`` members or more needs the story's core to hold
        ``weak_headline_floor`` of its headline (cluster/core.py): a report's headline
        states its news, and a story of several reports agrees on its own. A view's
        headline is its argument, not the news: not tested. docs/decisions/cluster.md,
        "A weak join must have its headline told"."""
        opts = self.options
        story = self.window.stories[best]
        if (
            opts.weak_headline_floor <= 0.0
            or top >= opts.threshold
            or len(story.members) < opts.late_join_story
            or story.first is None
            or _when(article) is None
            or is_view(article)
        ):
            return True
        told = headline_told(terms(article.title), story, self.window.df)
        return told >= opts.weak_headline_floor

    def _facts_of(self, article: Article, *sids: int) -> list[str] | None:
        """The facts of the stories' own that the article tells (all of them hold each);
        None when the article is undated or past ``event_hours`` after one's first report."""
        opts = self.options
        stories = [self.window.stories[sid] for sid in sids]
        when = _when(article)
        for story in stories:
            if when is None or story.first is None:
                return None  # undated: no event window to be close in
            if (when - story.first).total_seconds() / 3600.0 > opts.event_hours:
                return None
        facts = fact_terms(article, opts.features.max_body_words)
        return distinctive_shared(
            facts, stories, self._vector(article), self.window.df, opts.facts_share
        )

    def _torn(
        self, article: Article, ranked: list[tuple[float, int]], merged: list[int]
    ) -> int | None:
        """Facts decide an article torn between its two best stories (both recent).

        The two stories and the article tell a fact of theirs: one event that opened
        apart, the rival is merged (its id returned), unless each story tells more facts
        of its own than they share (a roundup of two events). Only the best tells the
        article's facts: it is joined (-1). Else None: the article opens a story.
        docs/decisions/cluster.md, "Facts decide a torn article".
        """
        opts = self.options
        if opts.facts_min <= 0:
            return None
        rivals = [(s, sid) for s, sid in ranked[1:] if sid not in merged]
        if not rivals or rivals[0][0] < opts.story_merge_floor:
            return None
        if len(rivals) > 1 and rivals[1][0] >= opts.ambiguity_ratio * rivals[0][0]:
            return None  # torn three ways: no telling
        best, rival = ranked[0][1], rivals[0][1]
        mine = self._facts_of(article, best)
        theirs = self._facts_of(article, rival)
        if mine is None or theirs is None or len(mine) < opts.facts_min:
            return None
        if not theirs:
            return -1
        both = set(self._facts_of(article, best, rival) or ())
        # A roundup of two events names each one's own facts: the stories must tell the
        # same facts at least as often as each tells facts the other lacks.
        apart = max(len(set(mine) - both), len(set(theirs) - both))
        return rival if len(both) >= max(opts.facts_min, apart) else None

    def _dense_choice(self, article: Article) -> int | None:
        """The story the article's sentence vector settles when the words left it
        undecided (with embeddings only): cluster/dense.py."""
        index, dense, when = self.window.dense_index, self._embedding(article), _when(article)
        if index is None or dense is None or when is None:
            return None
        site = article.site_name

        def same_outlet(story: Story) -> bool:
            return self._outlet_factor(story, site, when) < 1.0

        return dense_story(dense, when, index, self.window.stories, self.options, same_outlet)

    def _clear(self, top: float, rival: float) -> bool:
        """The relative tests: ``top`` is a clear match against the best ``rival``."""
        opts = self.options
        if rival >= opts.ambiguity_ratio * top:
            return False
        return top >= opts.threshold or top >= opts.clear_margin * rival

    def _similar_stories(self, best: int, article: Article, near: list[int]) -> list[int]:
        """Stories in ``near`` whose centroid is close to ``best``'s once it holds ``article``."""
        vec = self._vector(article)
        story = self.window.stories[best]
        total = story.total
        # |S + v|^2 and (S + v) . O without building S + v.
        norm2 = story.norm2 + 2.0 * sparse_dot(vec, total) + sparse_dot(vec, vec)
        dense = self._embedding(article)
        weight = self.options.embedding_weight
        index = self.window.dense_index
        joined = None
        if dense is not None and index is not None:
            joined = unit(dense if story.dense is None else story.dense + dense)
        out = []
        for sid in near:
            other = self.window.stories[sid]
            dot = sparse_dot(total, other.total) + sparse_dot(vec, other.total)
            similarity = dot / max(norm2 * other.norm2, 1e-24) ** 0.5
            if joined is not None and index is not None and sid in index:
                similarity = (1.0 - weight) * similarity + weight * float(joined @ index.unit(sid))
            if similarity >= self.options.story_merge_threshold and (
                not self.options.merge_core_test or self._cores_meet(story, other)
            ):
                out.append(sid)
        return out

    def _late_joins(
        self, best: int, article: Article, ranked: list[tuple[float, int]], merged: list[int]
    ) -> list[int]:
        """Small stories that now clearly belong to ``best``, which ``article`` joins.

        Candidates are the stories of at most ``late_join_size`` articles that watch
        ``best`` (it was among their best candidates when they opened), newest first,
        then those among the article's candidates. Each is judged as if it arrived now:
        its score against ``best`` holding the article must be at least
        ``late_join_floor`` and ``late_join_margin`` times that of any other open story.
        At most ``late_join_checks`` of them are scored against the open stories, so
        the cost is a few assignments' at most, bounded by the window.
        """
        opts = self.options
        story = self.window.stories[best]
        if len(story.members) + 1 < opts.late_join_story:
            return []
        vec = self._vector(article)
        total = story.total
        norm = max(story.norm2 + 2.0 * sparse_dot(vec, total) + sparse_dot(vec, vec), 1e-24) ** 0.5
        index = self.window.dense_index
        joined = None
        dense = self._embedding(article)
        if index is not None and dense is not None:
            joined = unit(dense if story.dense is None else story.dense + dense)
        weight = opts.embedding_weight
        watching = reversed(self.window.watchers.get(best, ()))
        out: list[int] = []
        skip = {best, *merged}
        checked = 0
        for sid in dict.fromkeys([*watching, *(sid for _, sid in ranked[1:])]):
            other = self.window.stories.get(sid)
            if other is None or sid in skip or len(other.members) > opts.late_join_size:
                continue
            if len(other.members) == 1:
                member = other.members[0]
                probe, when, site, probe_dense = member.vec, member.when, member.site, member.dense
            else:  # its centroid stands for it
                scale = 1.0 / max(other.norm2, 1e-24) ** 0.5
                probe = {t: w * scale for t, w in other.total.items()}
                when, site = other.last, ""
                probe_dense = None if other.dense is None else unit(other.dense)
            factor = self._time_factor(story, when)
            if factor is None:
                continue
            top = (sparse_dot(probe, total) + sparse_dot(probe, vec)) / norm
            if joined is not None and probe_dense is not None:
                top = (1.0 - weight) * top + weight * float(joined @ unit(probe_dense))
            top *= factor * self._outlet_factor(story, site, when)
            if top < opts.late_join_floor:
                continue
            checked += 1
            if checked > opts.late_join_checks:
                break
            ranks = self._rank(probe, probe_dense, when, site, sid, opts.late_join_candidates)
            rival = next((score for score, o in ranks if o not in skip), 0.0)
            if top >= opts.late_join_margin * rival and self._cores_meet(story, other):
                out.append(sid)
                skip.add(sid)
        return out

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
        vec = self._vector(article)
        dense = self._embedding(article)
        self._dense.pop(article.id, None)
        watched: list[int] = []
        if self._opened is not None and self._opened[0] is article:
            watched = self._opened[1]
        self._opened = None
        member = Member(article.id, vec, _when(article), article.site_name, dense)
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
