"""Text features for story clustering: weighted terms and an online IDF table.

A term vector is built from an article's title, lead and body: words are lower-cased,
stop words dropped, possessives and plurals folded; title words count more than body
words, and tokens that look like names or numbers (capitalised inside a sentence,
digits) count more than common words. IDF comes from a document-frequency table that
grows as articles arrive, so a score never depends on articles that have not arrived
yet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from sklearn.feature_extraction._stop_words import ENGLISH_STOP_WORDS

from newsdesk.models import Article

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?|\d+(?:[.,]\d+)*")
_SENTENCE_END = frozenset('.!?:"“”')
_EXTRA_STOP = frozenset(
    {
        "said",
        "says",
        "say",
        "just",
        "new",
        "like",
        "year",
        "years",
        "time",
        "told",
        "including",
        "week",
        "day",
        "according",
    }
)
# scikit-learn's list holds words that carry news ("bill", "fire", "system", ...).
_NEWS_WORDS = frozenset(
    {
        "bill",
        "fire",
        "call",
        "computer",
        "system",
        "interest",
        "found",
        "side",
        "move",
        "show",
        "name",
        "front",
        "top",
        "bottom",
        "full",
        "empty",
        "mill",
        "detail",
        "amount",
        "part",
        "thick",
        "thin",
        "cry",
        "sincere",
        "describe",
        "find",
        "fill",
        "serious",
        "con",
        "de",
    }
)
STOP_WORDS = (frozenset(ENGLISH_STOP_WORDS) - _NEWS_WORDS) | _EXTRA_STOP


@dataclass(frozen=True, slots=True)
class FeatureOptions:
    """How much each part of an article weighs in its term vector."""

    title_weight: float = 2.0  # a title word counts this many body words
    lead_weight: float = 1.0  # words of the first paragraph (or first ``lead_words``)
    body_weight: float = 1.0
    lead_words: int = 80
    entity_boost: float = 1.0  # capitalised-inside-a-sentence tokens and numbers
    max_body_words: int = 400  # later words add little to "which event"; keeps cost flat
    idf_prior_docs: float = 100.0  # pseudo-documents: a cold start does not overrate rare words


@lru_cache(maxsize=262_144)
def fold(word: str) -> str:
    """Lower-case ``word`` and fold possessives and plain plurals (``courts`` -> ``court``).

    Returns:
        The folded term, or "" for a stop word or a one-letter token.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'.-")
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return "" if len(w) < 2 or w in STOP_WORDS else w


def terms(text: str) -> list[str]:
    """Split ``text`` into folded terms, stop words removed."""
    return [t for t in map(fold, _TOKEN.findall(text)) if t]


def tokens(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into folded terms, each with a flag "looks like a name or number".

    Args:
        text: raw text (original case).

    Returns:
        ``(term, is_entity)`` pairs, stop words removed; a token is an entity when it
        has digits or is capitalised but does not start a sentence.
    """
    out: list[tuple[str, bool]] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        raw = match.group()
        gap = text[previous_end : match.start()]
        sentence_start = previous_end == 0 or any(c in _SENTENCE_END for c in gap)
        previous_end = match.end()
        term = fold(raw)
        if term:
            out.append((term, raw[0].isdigit() or (raw[0].isupper() and not sentence_start)))
    return out


def article_terms(article: Article, options: FeatureOptions) -> dict[str, float]:
    """Return the weighted term counts (before IDF) of ``article``.

    Args:
        article: the article.
        options: part weights and the entity boost.

    Returns:
        term -> raw weight (title, lead and body weighted, entities boosted).
    """
    counts: dict[str, float] = {}
    paragraphs = [p for p in article.paragraphs if p.strip()]
    if not paragraphs and article.summary:
        paragraphs = [article.summary]
    parts = [article.title, *paragraphs]
    if options.entity_boost == 1.0:
        split = [[(t, False) for t in terms(p)] for p in parts]
    else:
        split = [tokens(p) for p in parts]
    title, body = split[0], split[1:]
    lead_n = min(len(body[0]), options.lead_words) if body else 0
    flat = [tok for part in body for tok in part][: options.max_body_words]
    entity: set[str] = set()
    for items, weight in (
        (title, options.title_weight),
        (flat[:lead_n], options.lead_weight),
        (flat[lead_n:], options.body_weight),
    ):
        for term, is_entity in items:
            counts[term] = counts.get(term, 0.0) + weight
            if is_entity:
                entity.add(term)
    for term in entity:
        counts[term] *= options.entity_boost
    return counts


class DocumentFrequencies:
    """An online document-frequency table: IDF from the articles seen so far only.

    The clusterer removes the articles of a story when it closes, so the table covers
    the open window: a long-running process weighs terms as a run that restores the
    open stories does, and the table does not grow with the archive.
    """

    def __init__(self, prior_docs: float = 0.0) -> None:
        self.df: dict[str, int] = {}  # term -> number of documents that hold it
        self.n = 0
        self.prior_docs = prior_docs

    def add(self, weights: Mapping[str, float]) -> None:
        """Count one more document: each of its terms once, whatever its weight.

        Until 2026-11-25 a term counted by its weight in the document's unit vector (a
        soft frequency: a common word is spread thin in each article, so it looked rare
        and IDF hardly told it from a name). Real document counts, with the cluster
        thresholds re-tuned (cluster.py docstring), B3 F1: NeuS dev pool 0.666 against
        0.646 (precision 0.611 against 0.569), NeuS val 0.813 against 0.819,
        GoogleNews-STC dev 0.824 against 0.830.
        """
        self.n += 1
        df = self.df
        for term in weights:
            df[term] = df.get(term, 0) + 1

    def remove(self, weights: Mapping[str, float]) -> None:
        """Forget a document counted by ``add`` (it left the window)."""
        self.n -= 1
        df = self.df
        for term in weights:
            left = df.get(term, 0) - 1
            if left > 0:
                df[term] = left
            else:
                df.pop(term, None)

    def idf(self, term: str) -> float:
        """Smoothed IDF of ``term``: ``log((n + 1) / (df + 1)) + 1``."""
        return math.log((self.n + self.prior_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def vector(
        self, raw: dict[str, float], idf: Callable[[str], float] | None = None
    ) -> dict[str, float]:
        """Turn raw weights into a unit-length sublinear TF-IDF vector.

        Args:
            raw: term -> raw weight (``article_terms``).
            idf: the IDF to use instead of ``self.idf`` (the clusterer blends in
                story frequencies).
        """
        idf = idf or self.idf
        vec = {t: (1.0 + math.log(w)) * idf(t) if w >= 1 else w * idf(t) for t, w in raw.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}
