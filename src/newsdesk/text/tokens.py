"""Words, stems and terms: the tokenisers, one per job.

* ``words``: case-folded word tokens, for matching lines and titles across two copies of
  a text (extraction) and for duplicate shingles;
* ``stems`` and ``content_stems``: Snowball stems, for comparing sentences (the writer's
  similarities, the verifier's overlap and headline words);
* ``terms`` and ``marked_terms``: folded terms (possessives and plurals, no stemming) for
  the clustering TF-IDF vectors.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from functools import lru_cache

import snowballstemmer
from sklearn.feature_extraction._stop_words import ENGLISH_STOP_WORDS

_WORD = re.compile(r"\w+")
_ALNUM = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("english")
# Function words left out of a sentence's content stems.
_CONTENT_STOP = frozenset(
    """a about after again all also an and any are as at be because been before being but by
    can could did do does for from had has have he her his how i if in into is it its just
    more most my no not of on one or our out over said says she so some such than that the
    their them then there these they this those to up was we were what when which who will
    with would you""".split()
)
_TERM = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?|\d+(?:[.,]\d+)*")
_SENTENCE_END = frozenset('.!?:"“”')
_EXTRA_TERM_STOP = frozenset(
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
TERM_STOP_WORDS = (frozenset(ENGLISH_STOP_WORDS) - _NEWS_WORDS) | _EXTRA_TERM_STOP


def words(text: str) -> list[str]:
    """Case-folded word tokens (``\\w+``): for matching lines and titles across copies."""
    return _WORD.findall(text.casefold())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word; words of up to three letters stay whole."""
    return str(_STEMMER.stemWord(word)) if len(word) > 3 else word


def stems(text: str) -> list[str]:
    """The stem of every word of ``text`` in order, stop words included (word pairs, priors)."""
    return list(map(stem, _ALNUM.findall(text.lower())))


def content_stems(text: str) -> Counter[str]:
    """Stemmed content words of ``text`` (stop words out): a sentence's bag for similarity."""
    return Counter(map(stem, [w for w in _ALNUM.findall(text.lower()) if w not in _CONTENT_STOP]))


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two bags of words."""
    if not a or not b:
        return 0.0
    dot = sum([v * b[k] for k, v in a.items() if k in b])
    # The same products summed in the same order as a generator would: the same float.
    a_norm = sum(map(operator.mul, a.values(), a.values()))
    return dot / math.sqrt(a_norm * sum(map(operator.mul, b.values(), b.values())))


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
    return "" if len(w) < 2 or w in TERM_STOP_WORDS else w


def terms(text: str) -> list[str]:
    """Split ``text`` into folded terms, stop words removed (clustering vectors)."""
    return [t for t in map(fold, _TERM.findall(text)) if t]


def marked_terms(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into folded terms, each with a flag "looks like a name or number".

    Args:
        text: raw text (original case).

    Returns:
        ``(term, is_entity)`` pairs, stop words removed; a token is an entity when it
        has digits or is capitalised but does not start a sentence.
    """
    out: list[tuple[str, bool]] = []
    previous_end = 0
    for match in _TERM.finditer(text):
        raw = match.group()
        gap = text[previous_end : match.start()]
        sentence_start = previous_end == 0 or any(c in _SENTENCE_END for c in gap)
        previous_end = match.end()
        term = fold(raw)
        if term:
            out.append((term, raw[0].isdigit() or (raw[0].isupper() and not sentence_start)))
    return out
