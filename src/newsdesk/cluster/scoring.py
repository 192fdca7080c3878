"""How well an article matches each open story: the clusterer's scores.

Every article becomes a unit TF-IDF vector (``features``; IDF from the open stories' articles seen
so far, blended with a story IDF) and is scored against the summed vectors of the open stories that
share an informative term with it, with a time decay and a same-outlet penalty; with
``embedding_weight`` > 0 its MiniLM sentence vector is blended in. What the scores decide:
cluster/joining.py; docs/decisions/cluster.md has the method.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from newsdesk import embed
from newsdesk.cluster.options import ClusterOptions
from newsdesk.cluster.window import OpenWindow, Story
from newsdesk.embed import Embedder, Vectors
from newsdesk.features import article_terms
from newsdesk.models import Article


def published_or_updated(article: Article) -> datetime | None:
    """The article's date (UTC when it names no zone), or None when it has none."""
    when = article.published_at or article.updated_at
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


class StoryScorer:
    """Scores articles against the stories of one open window."""

    def __init__(
        self, options: ClusterOptions, window: OpenWindow, embedder: Embedder | None
    ) -> None:
        self.options = options
        self.window = window
        self.embedder = embedder
        self._dense: dict[int, Vectors] = {}  # article id -> embedding, until committed
        self._cache: tuple[Article, dict[str, float]] | None = None  # the last vector

    def prepare(
        self, articles: Sequence[Article], known: Mapping[int, Vectors] | None = None
    ) -> dict[int, Vectors]:
        """``StoryClusterer.prepare``: embed ``articles`` in one batch (embeddings only)."""
        if self.embedder is None:
            return {}
        if known:
            self._dense.update(known)
        todo = [a for a in articles if a.id is not None and a.id not in self._dense]
        if not todo:
            return {}
        vectors = self.embedder.embed([embed.article_text(a) for a in todo])
        fresh = {a.id: vectors[i] for i, a in enumerate(todo) if a.id is not None}
        self._dense.update(fresh)
        return fresh

    def embedding(self, article: Article) -> Vectors | None:
        """The article's sentence vector (kept until ``forget``), or None without embeddings."""
        if self.embedder is None:
            return None
        if article.id is not None and article.id in self._dense:
            return self._dense[article.id]
        vector: Vectors = self.embedder.embed([embed.article_text(article)])[0]
        if article.id is not None:
            self._dense[article.id] = vector
        return vector

    def forget(self, article_id: int) -> None:
        """Drop the kept sentence vector of an article the window now holds."""
        self._dense.pop(article_id, None)

    def vector(self, article: Article) -> dict[str, float]:
        """The article's unit TF-IDF vector under the window's IDF now."""
        cache = self._cache
        if cache is not None and cache[0] is article:
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
        self._cache = (article, vec)
        return vec

    def time_factor(self, story: Story, when: datetime | None) -> float | None:
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

    def outlet_factor(self, story: Story, site: str, when: datetime | None) -> float:
        """``outlet_penalty`` when the story holds a report of ``site`` near ``when``, else 1."""
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
        """``StoryClusterer.scores``: ``article`` against its candidate stories, best first."""
        vec, when = self.vector(article), published_or_updated(article)
        return self.rank(vec, self.embedding(article), when, article.site_name)

    def rank(
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
            factor = self.time_factor(story, when)
            if factor is None:
                continue
            total = story.total
            norm = max(story.norm2, 1e-12) ** 0.5
            score = (dot + sum(q * total.get(t, 0.0) for t, q in common)) / norm
            if sims is not None and index is not None and sid in index:
                score = (1.0 - weight) * score + weight * index.cosine(sims, sid)
            score *= factor * self.outlet_factor(story, site, when)
            if score > 0.0:
                out.append((score, sid))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out
