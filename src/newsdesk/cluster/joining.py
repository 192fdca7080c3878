"""Which open story one article joins, from its scores: the clusterer's decision.

It joins the best story on a clear match (``threshold``, no rival near it: ``ambiguity_ratio``) or
a weaker match no other story comes near (``weak_threshold``, ``clear_margin``) whose story tells
its headline; facts settle an article torn between two stories; otherwise it opens a new story.
Stories that the article bridges are merged (two one-report stories it reaches both weakly through
the same words: ``bridge_lone``), and small stories that opened alone are judged again when a
story they watch grows (late joins). docs/decisions/cluster.md has the method.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.cluster.core import core_coverage, headline_told
from newsdesk.cluster.dense import dense_story
from newsdesk.cluster.facts import distinctive_shared, fact_terms
from newsdesk.cluster.scoring import StoryScorer, published_or_updated
from newsdesk.cluster.views import is_view
from newsdesk.cluster.window import Story, sparse_dot, unit
from newsdesk.embed import Vectors
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


class JoinRule:
    """Decides, from the scores of ``scorer``, which of its window's stories an article joins."""

    def __init__(self, scorer: StoryScorer) -> None:
        self.scorer = scorer
        self.options = scorer.options
        self.window = scorer.window

    def decide(self, article: Article, ranked: list[tuple[float, int]]) -> Assignment:
        """The story ``article`` joins on its words (None: none), and the stories to merge.

        Args:
            article: the new article.
            ranked: its ``scores``, best first.
        """
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
        bridged = self._bridged(article, ranked, merged)
        if bridged is not None:
            merged.append(bridged)
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

    def facts_of(self, article: Article, *sids: int) -> list[str] | None:
        """The facts of the stories' own that the article tells (all of them hold each);
        None when the article is undated or past ``event_hours`` after one's first report."""
        opts = self.options
        stories = [self.window.stories[sid] for sid in sids]
        when = published_or_updated(article)
        for story in stories:
            if when is None or story.first is None:
                return None  # undated: no event window to be close in
            if (when - story.first).total_seconds() / 3600.0 > opts.event_hours:
                return None
        facts = fact_terms(article, opts.features.max_body_words)
        return distinctive_shared(
            facts, stories, self.scorer.vector(article), self.window.df, opts.facts_share
        )

    def dense_choice(self, article: Article) -> int | None:
        """The story the article's sentence vector settles when the words left it
        undecided (with embeddings only): cluster/dense.py."""
        index = self.window.dense_index
        dense, when = self.scorer.embedding(article), published_or_updated(article)
        if index is None or dense is None or when is None:
            return None
        site = article.site_name

        def same_outlet(story: Story) -> bool:
            return self.scorer.outlet_factor(story, site, when) < 1.0

        return dense_story(dense, when, index, self.window.stories, self.options, same_outlet)

    def _clear(self, top: float, rival: float) -> bool:
        """The relative tests: ``top`` is a clear match against the best ``rival``."""
        opts = self.options
        if rival >= opts.ambiguity_ratio * top:
            return False
        return top >= opts.threshold or top >= opts.clear_margin * rival

    def _lone_report(self, article: Article, sid: int) -> bool:
        """Whether ``article`` is a dated news report and ``sid`` a dated story of one report."""
        story = self.window.stories[sid]
        return (
            len(story.members) == 1
            and story.first is not None
            and published_or_updated(article) is not None
            and not is_view(article)
        )

    def _bridged(
        self, article: Article, ranked: list[tuple[float, int]], merged: list[int]
    ) -> int | None:
        """The rival story to merge into the best when a dated report reaches two dated
        one-report stories each at ``weak_threshold`` or more and no third story comes
        near the second (``ambiguity_ratio``), through the same words (``bridge_shared``):
        the third report of one event that opened twice (``bridge_lone``). None otherwise.
        docs/decisions/cluster.md, "One event in two one-report stories"."""
        opts = self.options
        rivals = [(score, sid) for score, sid in ranked[1:] if sid not in merged]
        if not opts.bridge_lone or not rivals or rivals[0][0] < opts.weak_threshold:
            return None
        score, rival = rivals[0]
        if len(rivals) > 1 and rivals[1][0] >= opts.ambiguity_ratio * score:
            return None  # torn three ways: no telling
        best = ranked[0][1]
        if not self._lone_report(article, best) or not self._lone_report(article, rival):
            return None
        return rival if self._shared_reach(article, best, rival) >= opts.bridge_shared else None

    def _shared_reach(self, article: Article, one: int, other: int) -> float:
        """The share of the article's weaker link to two stories that runs through terms
        both stories hold (0 to 1): a report of their one event reaches both through the
        same words, a roundup of two events each through its own part."""
        vec = self.scorer.vector(article)
        a, b = self.window.stories[one], self.window.stories[other]
        scale_a, scale_b = (max(s.norm2, 1e-24) ** -0.5 for s in (a, b))
        weaker = min(sparse_dot(vec, a.total) * scale_a, sparse_dot(vec, b.total) * scale_b)
        both = sum(
            q * min(a.total.get(t, 0.0) * scale_a, b.total.get(t, 0.0) * scale_b)
            for t, q in vec.items()
        )
        return both / weaker if weaker > 0.0 else 0.0

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
            or published_or_updated(article) is None
            or is_view(article)
        ):
            return True
        told = headline_told(terms(article.title), story, self.window.df)
        return told >= opts.weak_headline_floor

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
        mine = self.facts_of(article, best)
        theirs = self.facts_of(article, rival)
        if mine is None or theirs is None or len(mine) < opts.facts_min:
            return None
        if not theirs:
            return -1
        both = set(self.facts_of(article, best, rival) or ())
        # A roundup of two events names each one's own facts: the stories must tell the
        # same facts at least as often as each tells facts the other lacks.
        apart = max(len(set(mine) - both), len(set(theirs) - both))
        return rival if len(both) >= max(opts.facts_min, apart) else None

    def _cores_meet(self, story: Story, other: Story) -> bool:
        """Two dated stories to merge late must each tell enough of the other's core
        (cluster/core.py); undated ones are not tested."""
        floor, df = self.options.late_core_floor, self.window.df
        if floor <= 0.0 or story.first is None or other.first is None:
            return True
        told = min(core_coverage(story.total, other, df), core_coverage(other.total, story, df))
        return told >= floor

    def _joined(self, story: Story, article: Article) -> tuple[float, Vectors | None]:
        """``story`` once it holds ``article``, without building it: the squared norm of its
        summed vector, and its unit sentence vector (None without embeddings)."""
        vec = self.scorer.vector(article)
        norm2 = story.norm2 + 2.0 * sparse_dot(vec, story.total) + sparse_dot(vec, vec)
        dense = self.scorer.embedding(article)
        if dense is None or self.window.dense_index is None:
            return norm2, None
        return norm2, unit(dense if story.dense is None else story.dense + dense)

    def _similar_stories(self, best: int, article: Article, near: list[int]) -> list[int]:
        """Stories in ``near`` whose centroid is close to ``best``'s once it holds ``article``."""
        vec = self.scorer.vector(article)
        story = self.window.stories[best]
        total = story.total
        # (S + v) . O without building S + v.
        norm2, joined = self._joined(story, article)
        weight = self.options.embedding_weight
        index = self.window.dense_index
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
        opts, scorer = self.options, self.scorer
        story = self.window.stories[best]
        if len(story.members) + 1 < opts.late_join_story:
            return []
        vec = scorer.vector(article)
        total = story.total
        norm2, joined = self._joined(story, article)
        norm = max(norm2, 1e-24) ** 0.5
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
            factor = scorer.time_factor(story, when)
            if factor is None:
                continue
            top = (sparse_dot(probe, total) + sparse_dot(probe, vec)) / norm
            if joined is not None and probe_dense is not None:
                top = (1.0 - weight) * top + weight * float(joined @ unit(probe_dense))
            top *= factor * scorer.outlet_factor(story, site, when)
            if top < opts.late_join_floor:
                continue
            checked += 1
            if checked > opts.late_join_checks:
                break
            ranks = scorer.rank(probe, probe_dense, when, site, sid, opts.late_join_candidates)
            rival = next((score for score, o in ranks if o not in skip), 0.0)
            if top >= opts.late_join_margin * rival and self._cores_meet(story, other):
                out.append(sid)
                skip.add(sid)
        return out
