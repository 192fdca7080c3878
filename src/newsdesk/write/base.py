"""The Writer interface and the text tools every writer shares."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from newsdesk.models import Article, Draft

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Gen.",
    "U.S.",
    "U.K.",
    "U.N.",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "No.",
    "Jr.",
    "Sr.",
    "Lt.",
    "Col.",
    "Sgt.",
    "Prof.",
    "Inc.",
    "Co.",
    "vs.",
)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "than",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)


class Writer(Protocol):
    """Turns the articles of one story into a Draft whose sentences cite them."""

    name: str

    def write(self, articles: Sequence[Article]) -> Draft: ...


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping common abbreviations whole."""
    protected = text
    for abbr in _ABBREVIATIONS:
        # Hide the abbreviation's periods so that no sentence ends there.
        protected = protected.replace(abbr, abbr.replace(".", "\x00"))
    parts = _SENTENCE_END.split(protected)
    return [" ".join(p.replace("\x00", ".").split()) for p in parts if p.strip()]


def headline_case(text: str, case: str = "title") -> str:
    """Apply one headline case: 'title' (AP-like) or 'sentence'.

    Words already written with capitals inside (iPhone, NATO, McCarthy) keep their form.
    """
    text = " ".join(text.split()).rstrip(".").strip()
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        keep = any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)
        if keep:
            out.append(word)
        elif case == "sentence":
            out.append(word[:1].upper() + word[1:] if i == 0 else word)
        else:
            lower = word.lower()
            first_or_last = i == 0 or i == len(words) - 1
            if lower in _SMALL_WORDS and not first_or_last:
                out.append(lower)
            else:
                out.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(out)
