"""Counted things in a sentence: a count of one thing ("28 Palestinians", "48 states"),
a death toll ("killed eight co-workers", "left at least nine people dead, including the
gunman"), and two outlets' different counts of one thing (``disagreement``), which a
story tells once with attribution instead of printing both without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.text import content_stems, numbers, stem

SHARED_WORDS = 3  # words besides the figures that make two sentences tell one event


@lru_cache(maxsize=8192)
def word_stems(text: str) -> frozenset[str]:
    """A sentence's content stems less its figures: the words two tellings share."""
    return frozenset(w for w in content_stems(text) if not w[:1].isdigit())


_YEAR = re.compile(r"^(?:19|20)\d\d$")
_AT_LEAST = re.compile(r"\b(?:more than|over|at least|upwards of)\s+$", re.I)
_AT_MOST = re.compile(r"\b(?:fewer than|less than|under|nearly|almost|up to|at most)\s+$", re.I)
_COUNT = re.compile(
    r"(?<![\d.,$€£])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,%])\s+(?:(?:more|other|new|of the)\s+)?"
    r"([A-Za-z][a-z-]+)",
)


# A count as written, in figures or words ("1,200", "28", "eight"): a regex alternation.
COUNT_WRITTEN = r"\d{1,3}(?:,\d{3})+|\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# A death toll: a count beside a word of dying ("killed eight co-workers", "left at least
# nine people dead", "28 deaths"), and whether the attacker is counted in it.
_NUMBER_WORD = rf"(?:{COUNT_WRITTEN}|dozens?|hundreds?)"
_TOLL = re.compile(
    rf"\b(?:kill(?:ed|ing|s)?|left|leaving)\s+(?:at least |more than |nearly |some )?"
    rf"({_NUMBER_WORD})\b(?!\s+(?:injured|wounded|hurt)\b)"
    rf"|\b({_NUMBER_WORD})\s+(?:[\w-]+\s+){{0,2}}(?:dead|deaths|died|killed)\b"
)
_ATTACKER_COUNTED = re.compile(r"\bincluding (?:the|a) (?:gunman|shooter|attacker|suspect|bomber)")


@lru_cache(maxsize=8192)
def _tolls(text: str) -> frozenset[float]:
    """The death tolls of a sentence, less the attacker where it says he is counted."""
    less = 1 if _ATTACKER_COUNTED.search(text) else 0
    return frozenset(
        value - less for m in _TOLL.finditer(text) for value, _ in numbers(m.group(1) or m.group(2))
    )


def same_toll(a: str, b: str) -> bool:
    """One death toll told twice: "killed eight co-workers ... before taking his own
    life" and "left at least nine people dead, including the gunman" (the gunman is
    counted in one and not the other)."""
    return bool(_tolls(a) & _tolls(b))


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two outlets' different figures for one counted thing."""

    thing: str  # the word after the figure ("people", "Palestinians")
    first: str  # the first sentence's figure as written, with what it counts ("28 deaths")
    second: str  # the other sentence's figure as written


# People counted in a toll, whatever word an outlet uses for them ("26 people who died",
# "28 Palestinians ... killed"): one counted thing.
_PEOPLE = frozenset(
    stem(w)
    for w in "people persons palestinians israelis civilians residents victims migrants "
    "protesters demonstrators dead deaths".split()
)


@lru_cache(maxsize=8192)
def counts(text: str) -> dict[str, tuple[str, float, str]]:
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
    if len(word_stems(a) & word_stems(b)) < SHARED_WORDS:
        return None
    mine, theirs = counts(a), counts(b)
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
            return Disagreement(thing, f"{written} {_unit(thing, a, b)}", other)
    return None


_DYING = re.compile(r"\b(?:kill(?:ed|s|ing)?|dead|died|dies|deaths?)\b", re.I)
_COUNTED_WORD = re.compile(r"\d[\d,]*\s+(?:(?:more|other|new|of the)\s+)?([A-Za-z][a-z-]+)")


def _unit(thing: str, a: str, b: str) -> str:
    """What a figure counts, in words both outlets bear out: "deaths" where both count
    the dead (one "28 Palestinians ... killed", the other "26 people who died"), else
    the first one's word ("48 states")."""
    if thing == "people" and _DYING.search(a) and _DYING.search(b):
        return "deaths"
    for m in _COUNTED_WORD.finditer(a):
        if stem(m.group(1).lower()) == thing:
            return m.group(1)
    return thing


def _gives(text: str, value: float) -> bool:
    return any(found == value for found, _ in numbers(text))
