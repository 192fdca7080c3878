"""Facts anywhere in a set of articles: figures by value and kind, names as written.

* numbers, by value and kind (``newsdesk.text.numbers``): 5,000 = five thousand, and
  money and percentages must match as such;
* names of people, places and organisations, days and months (``newsdesk.text.names``):
  capitalised words must occur in the articles, and a two-word personal name ("Claudia
  Sheinbaum") must occur as written.

This is not the verifier (``check``): it tells whether articles state a sentence's facts
at all, which is all that can be checked offline of a sentence translated from them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.models import Article
from newsdesk.text import (
    COMMON_WORDS,
    TITLE_WORDS,
    names,
    number_label,
    numbers,
    plain_punctuation,
)


def _number_problems(text: str, source: str) -> list[str]:
    have = numbers(source)
    values = {v for v, _ in have}
    problems = []
    for value, kind in sorted(numbers(text)):
        if (value, kind) in have or (not kind and value in values):
            continue
        problems.append(f"number {number_label(value, kind)}")
    return problems


def _contains(haystack: str, needle: str) -> bool:
    # Word boundaries only where the needle itself begins or ends on a word character:
    # "H.R." is found in "H.R.1".
    needle = needle.lower()
    before = r"(?<!\w)" if needle[:1].isalnum() or needle[:1] == "_" else ""
    after = r"(?!\w)" if needle[-1:].isalnum() or needle[-1:] == "_" else ""
    pattern = before + re.escape(needle) + after
    return re.search(pattern, haystack) is not None


def _name_problems(text: str, source: str) -> list[str]:
    lowered = _normalise(source).lower()
    lowered_us = lowered.replace("u.s.", "us").replace("u.k.", "uk")
    problems = []
    for span in names(text):
        words = span.split()
        for word in words:
            lw = word.lower()
            if lw in COMMON_WORDS or lw in TITLE_WORDS:
                continue
            if _contains(lowered, lw) or _contains(lowered_us, lw.replace(".", "")):
                continue
            problems.append(f"name {word}")
        # A personal name must be found as written: "Claudia Trump" is no one's.
        bare = [w for w in words if w.lower() not in TITLE_WORDS and w.lower() not in COMMON_WORDS]
        # Titles come first ("President Claudia Sheinbaum"): the last two words are the name.
        if len(bare) == 2 and words[-2:] == bare and all(w[1:].islower() for w in bare):
            pair = " ".join(bare)
            if not _contains(lowered, pair.lower()) and not problems:
                problems.append(f"name {pair}")
    return problems


def _normalise(text: str) -> str:
    return " ".join(plain_punctuation(text).split())


def missing_facts(text: str, articles: Sequence[Article]) -> list[str]:
    """The figures and names of ``text`` that ``articles`` state nowhere (empty: all found).

    A fact found anywhere in them counts, unlike ``check``, which wants one supporting
    sentence: the check for a sentence in another language than its sources.

    Args:
        text: a sentence.
        articles: the articles to look in (title and text).

    Returns:
        One short note per figure or name not found: "number 2500", "name Sheinbaum".
    """
    source = " ".join(f"{a.title}\n{a.text}" for a in articles)
    return _number_problems(text, source) + _name_problems(text, source)
