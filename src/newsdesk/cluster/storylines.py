"""Storylines: a story that follows an earlier one of the same saga is linked to it.

The clusterer keeps events apart (the Kabul airport bombing is not the withdrawal
deadline); a storyline puts such related events back in order for the reader. A story
*follows* an earlier story when its first report came after the earlier one's, within
``max_gap_days``, and the TF-IDF cosine of the two stories' centroids is at least
``threshold``: the same actors, places and subject, where one event's own reports score
far higher and unrelated stories far lower. Among several, it follows the most similar
(the most recent on a tie). A storyline is a chain of such links; a story joins the
storyline of the story it follows. How the rule was judged: docs/decisions/cluster.md,
"Storylines".
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsdesk.cluster.stage import article_time
from newsdesk.features import DocumentFrequencies, FeatureOptions, article_terms
from newsdesk.models import Article

KnownTerms = dict[int, dict[str, float]]
"""Article id -> its terms (``article_terms``), kept by a caller that digests them again."""


@dataclass(frozen=True, slots=True)
class StorylineOptions:
    """When a story follows an earlier one (docs/decisions/cluster.md, "Storylines")."""

    threshold: float = 0.3
    max_gap_days: float = 14.0


@dataclass(frozen=True, slots=True)
class StoryDigest:
    """What the link rule reads of a story: its id, first report and unit centroid."""

    id: int
    first: datetime
    vector: Mapping[str, float]


def digests(
    stories: Mapping[int, Sequence[Article]],
    first: Mapping[int, datetime],
    features: FeatureOptions | None = None,
    known_terms: KnownTerms | None = None,
) -> list[StoryDigest]:
    """Each story's unit TF-IDF centroid, the IDF counted over these stories' articles.

    Args:
        stories: story id -> its articles.
        first: story id -> the time of its first report.
        features: how an article's terms are weighed (the clusterer's by default).
        known_terms: the terms of articles digested before with these ``features``
            (filled here), so that each article is read once over many calls.

    Returns:
        One digest per story, oldest first (ties by id).
    """
    features = features or FeatureOptions()
    df = DocumentFrequencies(features.idf_prior_docs)
    known = {} if known_terms is None else known_terms

    def terms_of(article: Article) -> dict[str, float]:
        if article.id is None:
            return article_terms(article, features)
        if article.id not in known:
            known[article.id] = article_terms(article, features)
        return known[article.id]

    raw = {sid: [terms_of(a) for a in articles] for sid, articles in stories.items()}
    for terms in raw.values():
        for t in terms:
            df.add(t)
    out = []
    for sid, terms in raw.items():
        total: dict[str, float] = defaultdict(float)
        for t in terms:
            for term, weight in df.vector(t).items():
                total[term] += weight
        norm = math.sqrt(sum(w * w for w in total.values()))
        vector = {t: w / norm for t, w in total.items()} if norm else {}
        out.append(StoryDigest(sid, first[sid], vector))
    out.sort(key=lambda d: (d.first, d.id))
    return out


def follows(
    story: StoryDigest, earlier: Sequence[StoryDigest], options: StorylineOptions | None = None
) -> int | None:
    """The id of the earlier story that ``story`` follows, or None.

    Args:
        story: the later story.
        earlier: candidate stories (any order; ``story`` itself and later ones are skipped).
        options: the link rule's threshold and gap.
    """
    return Followed(earlier, options).of(story)


class Followed:
    """``follows`` for many stories against one set of candidates, through a term index
    (only the candidates that share a term with a story are scored)."""

    def __init__(
        self, candidates: Sequence[StoryDigest], options: StorylineOptions | None = None
    ) -> None:
        self.options = options or StorylineOptions()
        self.by_id = {d.id: d for d in candidates}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for d in candidates:
            for term, weight in d.vector.items():
                self.postings[term].append((d.id, weight))

    def of(self, story: StoryDigest) -> int | None:
        """The id of the candidate that ``story`` follows, or None."""
        scores: dict[int, float] = defaultdict(float)
        for term, weight in story.vector.items():
            for sid, held in self.postings.get(term, ()):
                scores[sid] += weight * held
        gap = timedelta(days=self.options.max_gap_days)
        best: tuple[float, datetime, int] | None = None
        for sid, similarity in scores.items():
            other = self.by_id[sid]
            if sid == story.id or not (story.first - gap <= other.first <= story.first):
                continue
            if other.first == story.first and sid > story.id:
                continue  # of two stories begun at once, the later id follows
            if similarity >= self.options.threshold and (
                best is None or (similarity, other.first, sid) > best
            ):
                best = (similarity, other.first, sid)
        return None if best is None else best[2]


def link_new(
    stories: Mapping[int, Sequence[Article]],
    lines: Mapping[int, int | None],
    new: Collection[int],
    now: datetime,
    options: StorylineOptions | None = None,
    known_terms: KnownTerms | None = None,
) -> dict[int, int]:
    """The stage's call: which earlier story each story of ``new`` follows.

    Args:
        stories: the stories in view (the new ones and those that may precede them, e.g.
            every story with an article in the last ``max_gap_days``), with their articles.
        lines: story id -> its storyline id (None: in none yet); a story of ``new`` that
            is in a storyline already keeps it.
        new: the stories to link (those that took articles just now).
        now: the time of an article without a date.
        options: the link rule.
        known_terms: as for ``digests`` (the stage keeps them over its batches).

    Returns:
        Story id (of ``new``) -> the id of the earlier story it follows.
    """
    first = {sid: min(article_time(a, now) for a in arts) for sid, arts in stories.items() if arts}
    found = digests({sid: stories[sid] for sid in first}, first, known_terms=known_terms)
    index = Followed(found, options)
    out = {}
    for sid in sorted(new):
        if sid in index.by_id and lines.get(sid) is None:
            before = index.of(index.by_id[sid])
            if before is not None:
                out[sid] = before
    return out


def link_all(
    stories: Sequence[StoryDigest], options: StorylineOptions | None = None
) -> dict[int, int]:
    """Each story's storyline (the id of its first story), for stories in time order.

    Args:
        stories: digests, oldest first (as ``digests`` returns them).
        options: the link rule.

    Returns:
        Story id -> the id of the first story of its storyline, for the stories that
        follow another or are followed (a story alone is in none).
    """
    line: dict[int, int] = {}
    index = Followed(stories, options)  # later stories are skipped by date (ties: by id)
    for story in stories:
        before = index.of(story)
        if before is not None:
            line[story.id] = line.setdefault(before, before)
    return line
