"""How central a candidate sentence is: its features and their fitted weights.

A sentence's score is a weighted sum of its similarity to the other outlets' articles
(words and word pairs) and titles, to its own title, its position, its names and
numbers, penalties for quotes and opening pronouns, and the editors' word prior
(``style``). The prior (``word_prior.tsv``) and ``WEIGHTS`` are fitted by
bench/fit_writer_prior.py on NeuS/AllSides train items that the evals do not use; the
measurements are in docs/decisions/write.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from newsdesk.models import Article
from newsdesk.text import content_stems, cosine, stems

PRONOUNS = "He|She|They|It|This|That|These|Those|His|Her|Their|Its"
_PRONOUN_START = re.compile(rf"^(?:{PRONOUNS})\b")
_QUOTE_MARK = re.compile(r"[\"“”]")
_DIGIT = re.compile(r"\d")
_CAPITALISED = re.compile(r"(?<!^)\b[A-Z][a-z]+")
# Sentence score = sum of weight x feature (see ``ExtractiveWriter._scored``). The weights
# are a ridge regression (lambda 1) of a sentence's ROUGE-1 + ROUGE-2 precision against
# the reference (the share of its words and of its word pairs found there), fitted on
# NeuS/AllSides orig_split=train items 1201-2451 only by bench/fit_writer_prior.py; the
# evals' dev and val numbers are measured on other items.
WEIGHTS = {
    "to_docs": 0.125,  # cosine to the other outlets' articles
    "closest": -0.054,  # best cosine to each other outlet's sentences
    "to_titles": 0.124,  # cosine to the other outlets' titles
    "own_title": 0.272,  # cosine to its own article's title
    "position": 0.075,  # 1 / (1 + position)
    "first": -0.036,  # the article's first sentence
    "quote": -0.007,  # carries a quotation
    "bigrams": 0.365,  # share of its word pairs found in each other outlet's article
    "length": -0.090,  # words / 50, capped
    "digit": 0.018,  # carries a number
    "names": 0.080,  # capitalised words (names, places) per word
    "article_central": 0.101,  # its article's cosine to the other outlets' articles
    "article_share": -0.039,  # 1 / candidates from its article
    "title_central": -0.047,  # its article's title's cosine to the other titles
    "pronoun": -0.012,  # opens on a pronoun
    "shared_words": 0.000,  # distinct words other outlets share, per sqrt(words)
    "style": 0.375,  # the editors' word prior (``word_prior``), per sqrt(words)
}
# Which article opening leads the story: its score plus these times its article's mean
# cosine to the other outlets' articles and its wording (``style``): the lead of the
# article the other outlets agree with most, told as the editors tell news. Chosen on
# NeuS/AllSides dev items 300-1199 (docs/decisions/write.md, issue 20).
LEAD_CENTRAL = 4.0
LEAD_STYLE = 2.0
# The editors' word prior: stem -> weight, fitted by bench/fit_writer_prior.py.
PRIOR_FILE = "word_prior.tsv"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A cleaned source sentence that the writer may pick."""

    text: str
    article: int  # index into the articles
    position: int
    tokens: Counter[str]
    words: int
    score: float = 0.0
    refers: str = ""  # the noun an opening "The ..." points back at (``shape.reference``)
    lead_credit: float = 0.0  # added to ``score`` when openings compete (``lead_credit``)
    loaded: int = 0  # loaded words outside quotes (``text.loaded``), once the writer counts

    @property
    def key(self) -> tuple[int, int]:
        """Where the sentence is: (article index, sentence position)."""
        return (self.article, self.position)


@lru_cache(maxsize=1)
def word_prior() -> dict[str, float]:
    """The editors' word prior: how much a word raises a sentence's chance of being kept.

    A weight per stemmed word (stop words included), fitted by bench/fit_writer_prior.py
    on NeuS/AllSides train items 1201-2451 against each sentence's ROUGE precision versus
    the editors' reference, relative to the other sentences of the same story (so that a
    story's topic words cancel out): "announced", weekdays and office titles gain; "I",
    "very", "but" and "told" lose.

    Returns:
        stem -> weight (words not listed weigh 0).
    """
    text = resources.files("newsdesk.write").joinpath(PRIOR_FILE).read_text(encoding="utf-8")
    prior = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, weight = line.split("\t")
            prior[word] = float(weight)
    return prior


def style(text: str) -> float:
    """The word prior's sum over ``text``'s distinct stems, per square root of their number.

    Args:
        text: a sentence.

    Returns:
        Above 0 for the words the editors keep, below 0 for those they drop.
    """
    distinct = set(stems(text))
    if not distinct:
        return 0.0
    prior = word_prior()
    return sum(prior.get(s, 0.0) for s in distinct) / math.sqrt(len(distinct))


def lead_credit(features: dict[str, float], others: int) -> float:
    """What a sentence gains over the other openings when the story's opening is chosen.

    Args:
        features: the sentence's features (``features_of``).
        others: how many articles of other outlets the story has (the credit is the
            same for a story of three articles and one of thirty).

    Returns:
        ``LEAD_CENTRAL`` times the article's mean cosine to those articles plus
        ``LEAD_STYLE`` times the sentence's ``style``.
    """
    central = features["article_central"] / others if others else 0.0
    return LEAD_CENTRAL * central + LEAD_STYLE * features["style"]


def _bigrams(text: str) -> set[tuple[str, str]]:
    return set(pairwise(stems(text)))


def features_of(
    pool: Sequence[Candidate],
    articles: Sequence[Article],
    outlets: list[str],
    words: list[Counter[str]],
) -> list[dict[str, float]]:
    """The features (``WEIGHTS``'s keys) of each candidate sentence, in pool order.

    Args:
        pool: the candidate sentences.
        articles: the story's articles.
        outlets: each article's outlet.
        words: each article's stemmed words (title and text).

    Returns:
        One feature dict per candidate; a refit of ``WEIGHTS`` reads these.
    """
    n = len(articles)
    titles = [content_stems(a.title) for a in articles]
    doc_bigrams = [_bigrams(f"{a.title} {a.text}") for a in articles]
    vocab = [set(bag) for bag in words]
    others = [[j for j in range(n) if outlets[j] != outlets[i]] for i in range(n)]
    article_central = [sum(cosine(words[i], words[j]) for j in others[i]) for i in range(n)]
    title_central = [sum(cosine(titles[i], titles[j]) for j in others[i]) for i in range(n)]
    per_article = Counter(c.article for c in pool)
    out = []
    for c in pool:
        mine = others[c.article]
        closest: dict[str, float] = {}
        for other in pool:
            outlet = outlets[other.article]
            if other.article in mine:
                closest[outlet] = max(closest.get(outlet, 0.0), cosine(c.tokens, other.tokens))
        pairs = _bigrams(c.text)
        shared = sum(sum(t in vocab[j] for j in mine) for t in c.tokens)
        out.append(
            {
                "to_docs": sum(cosine(c.tokens, words[j]) for j in mine),
                "closest": sum(closest.values()),
                "to_titles": sum(cosine(c.tokens, titles[j]) for j in mine),
                "own_title": cosine(c.tokens, titles[c.article]),
                "position": 1 / (1 + c.position),
                "first": float(c.position == 0),
                "quote": float(bool(_QUOTE_MARK.search(c.text))),
                "bigrams": (
                    sum(len(pairs & doc_bigrams[j]) / len(pairs) for j in mine) if pairs else 0.0
                ),
                "length": min(c.words, 50) / 50,
                "digit": float(bool(_DIGIT.search(c.text))),
                "names": len(_CAPITALISED.findall(c.text)) / max(c.words, 1),
                "article_central": article_central[c.article],
                "article_share": 1 / per_article[c.article],
                "title_central": title_central[c.article],
                "pronoun": float(bool(_PRONOUN_START.match(c.text))),
                "shared_words": shared / max(c.words, 1) ** 0.5,
                "style": style(c.text),
            }
        )
    return out
