"""Sentence splitting that keeps abbreviations, initials and quotations whole."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
# Abbreviations whose period ends no sentence (titles, months, states of a company).
ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "Sen.",
    "Sens.",
    "Rep.",
    "Reps.",
    "Gov.",
    "Gen.",
    "Lt.",
    "Col.",
    "Sgt.",
    "Capt.",
    "Adm.",
    "Cmdr.",
    "Maj.",
    "Supt.",
    "Gens.",
    "Govs.",
    "Prof.",
    "Rev.",
    "U.S.",
    "U.K.",
    "U.N.",
    "D.C.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
    "No.",
    "Jr.",
    "Sr.",
    "Inc.",
    "Corp.",
    "Co.",
    "Ltd.",
    "vs.",
    "a.m.",
    "p.m.",
)
_MAX_QUOTE_WORDS = 80
_INITIAL = re.compile(r"(?<=\s)([A-Z])\.(?=\s+[A-Z][a-z])")
# Joined initials before a surname ("H.R. McMaster", "George H.W. Bush", "J.B. Pritzker"),
# unless the next word usually opens a sentence.
_INITIALS = re.compile(
    r"(?<![\w.])((?:[A-Z]\.){1,2}[A-Z])\.(?=\s+(?!(?:The|A|An|He|She|It|They|We|This|That|"
    r"But|And|In|On|At|His|Her|Their|I|Its|There|As|If|So|Some|Many)\b)[A-Z][a-z])"
)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping common abbreviations whole.

    Args:
        text: one paragraph or more.

    Returns:
        The sentences, whitespace normalised.
    """
    protected = text
    for abbr in ABBREVIATIONS:
        # Hide the abbreviation's periods so that no sentence ends there.
        protected = protected.replace(abbr, abbr.replace(".", "\x00"))
    # A middle initial ("John F. Kerry") ends no sentence either.
    protected = _INITIAL.sub("\\1\x00", protected)
    protected = _INITIALS.sub(lambda m: m.group(1).replace(".", "\x00") + "\x00", protected)
    parts = [" ".join(p.replace("\x00", ".").split()) for p in _SENTENCE_END.split(protected)]
    return _whole_quotes([p for p in parts if p])


def _whole_quotes(parts: list[str]) -> list[str]:
    """Join the sentences of one quotation: a sentence never starts inside a quote.

    ``"We are ready. We will guarantee them protection," he said.`` stays one sentence:
    cut in two, its second half would read as the writer's own voice. A stray quote mark
    joins at most ``_MAX_QUOTE_WORDS`` words.
    """
    out: list[str] = []
    pending = ""
    for part in parts:
        pending = f"{pending} {part}" if pending else part
        open_quote = pending.count("“") > pending.count("”") or pending.count('"') % 2 == 1
        if open_quote and len(pending.split()) < _MAX_QUOTE_WORDS:
            continue
        out.append(pending)
        pending = ""
    if pending:
        out.append(pending)
    return out
