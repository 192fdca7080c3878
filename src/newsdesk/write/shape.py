"""A story and not a pile: each fact once, references that resolve, context last, and
one attributed line where outlets give different figures.

* ``same_fact``: two sentences that tell one fact, by their figures and words (a shared
  figure and three more shared words, or most words of the shorter one), whoever's
  words they are;
* ``reference``: the noun of an opening definite reference ("The exchange killed ...")
  that the source introduced earlier: such a sentence needs that noun before it in our
  text too, or it points at nothing;
* ``is_context``: background (earlier years, "last year", "previously"), told last;
* ``disagreement``: two outlets' different figures for one counted thing in sentences
  that otherwise tell the same fact ("28 Palestinians" and "26 people who died"),
  told once with attribution instead of printed side by side without a word.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.text import content_stems, numbers, stem

SHARED_WORDS = 3  # words besides a shared figure that make two sentences one fact
MOST_WORDS = 0.6  # share of the shorter sentence's words that makes it a repeat
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CONTEXT = re.compile(
    r"\b(?:last (?:year|month|decade)|previously|in the past|years? ago|decades? ago|"
    r"since (?:19|20)\d\d|in (?:19|20)\d\d|earlier this (?:year|month)|has long|had long|"
    r"history|first introduced|originally)\b",
    re.I,
)
_DEFINITE = re.compile(r"^The ([a-z][a-z-]+)(?: ([a-z][a-z-]+))?\b")
_AT_LEAST = re.compile(r"\b(?:more than|over|at least|upwards of)\s+$", re.I)
_AT_MOST = re.compile(r"\b(?:fewer than|less than|under|nearly|almost|up to|at most)\s+$", re.I)
_COUNT = re.compile(
    r"(?<![\d.,$€£])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,%])\s+(?:(?:more|other|new|of the)\s+)?"
    r"([A-Za-z][a-z-]+)",
)


@lru_cache(maxsize=8192)
def figures(text: str) -> frozenset[tuple[float, str]]:
    """The salient figures of a sentence: not years, not single digits."""
    return frozenset(
        (value, kind)
        for value, kind in numbers(text)
        if kind or "." in str(value).rstrip("0").rstrip(".") or 10 <= value < 1900 or value > 2100
    )


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in content_stems(text) if not w[:1].isdigit())


def same_fact(a: str, b: str) -> bool:
    """Whether two sentences tell one fact (see the module docstring)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    shared = len(wa & wb)
    if shared >= SHARED_WORDS and figures(a) & figures(b):
        return True
    return shared / min(len(wa), len(wb)) >= MOST_WORDS


def is_context(text: str) -> bool:
    """Whether a sentence is background rather than the news."""
    return bool(_CONTEXT.search(text))


def reference(text: str, before: Collection[str]) -> str:
    """The stem of an opening "The <noun>" that ``before`` (the source's earlier words) holds.

    Args:
        text: a sentence.
        before: the stems of its article's sentences before it.

    Returns:
        The noun's stem when the sentence points back at it, else "".
    """
    match = _DEFINITE.match(text)
    if match is None:
        return ""
    for word in match.groups():
        if word and stem(word) in before:
            return stem(word)
    return ""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two outlets' different figures for one counted thing."""

    thing: str  # the word after the figure ("people", "Palestinians")
    first: str  # the first sentence's figure as written
    second: str  # the other sentence's figure as written


# People counted in a toll, whatever word an outlet uses for them ("26 people who died",
# "28 Palestinians ... killed"): one counted thing.
_PEOPLE = frozenset(
    stem(w)
    for w in "people persons palestinians israelis civilians residents victims migrants "
    "protesters demonstrators dead deaths".split()
)


@lru_cache(maxsize=8192)
def _counts(text: str) -> dict[str, tuple[str, float, str]]:
    """Counted thing -> (the figure as written, its value, "min", "max" or "" for a
    figure given as a bound: "more than 40 states", "nearly 30 people")."""
    found: dict[str, tuple[str, float, str]] = {}
    for match in _COUNT.finditer(text):
        written, thing = match.groups()
        value = float(written.replace(",", ""))
        if not _YEAR.match(written) and value >= 2:
            key = "people" if stem(thing.lower()) in _PEOPLE else stem(thing.lower())
            before = text[max(0, match.start() - 16) : match.start()]
            bound = "min" if _AT_LEAST.search(before) else "max" if _AT_MOST.search(before) else ""
            found.setdefault(key, (written, value, bound))
    return found


def _agree(value: float, bound: str, other: float) -> bool:
    """Whether ``other`` fits a figure given as ``value`` with ``bound``."""
    return (bound == "min" and other >= value) or (bound == "max" and other <= value)


def disagreement(a: str, b: str) -> Disagreement | None:
    """Whether ``b`` gives another figure than ``a`` for the same counted thing.

    Both must tell the same event (three shared words besides the figures), count the
    same thing (the same word after the figure), and differ by at most half: "26
    people" against "28 people", not "2 people" against "200 people" (two facts). A
    sentence that gives both figures tells two facts ("1,626,042 valid signatures ...
    exceeds the 1,495,709 signatures required"), not an outlet's other count.
    """
    if len(_words(a) & _words(b)) < SHARED_WORDS:
        return None
    mine, theirs = _counts(a), _counts(b)
    for thing, (written, value, bound) in mine.items():
        if thing in theirs:
            other, other_value, other_bound = theirs[thing]
            low, high = sorted((value, other_value))
            if low == high or high > 1.5 * low:
                continue
            if _agree(value, bound, other_value) or _agree(other_value, other_bound, value):
                continue  # "more than 40 states" and "48 states" say the same
            if _gives(a, other_value) or _gives(b, value):
                continue
            return Disagreement(thing, written, other)
    return None


def _gives(text: str, value: float) -> bool:
    return any(found == value for found, _ in numbers(text))
