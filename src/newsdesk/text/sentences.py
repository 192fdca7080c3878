"""Sentence splitting that keeps abbreviations, initials, citations and quotations whole.

The cases come from real failures in news text: "Roe v. Wade" and "D.C. v. Heller",
bills ("S. 1", "H.R. 8", "H. Res. 601"), spaced initials ("George H. W. Bush",
"Lt. Gen. H. R. McMaster", "J. Thomas Manger" opening a paragraph), titles and ranks
("Dep. Chief", "Mt. Rushmore"), a dateline's state before "(AP)", and a quotation of
several sentences, which stays one.
"""

from __future__ import annotations

import re

# A sentence ends after . ! or ? (and a closing quote or bracket) before a capital, a
# digit or an opening quote; never before "(": "SELMA, Ala. (AP) —" is one dateline.
# A span in double quotes, straight or curly: the speaker's words, not the writer's.
QUOTED_SPAN = re.compile(r"[\"“][^\"”]*[\"”]")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘]?[A-Z0-9])")
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
    "v.",
    "a.m.",
    "p.m.",
    "Dep.",
    "Det.",
    "Cpl.",
    "Pvt.",
    "Atty.",
    "Msgr.",
    "Mt.",
    "Ft.",
    "Res.",
    "Con.",
    "Nos.",
    "Vol.",
    "Fig.",
    "approx.",
    "e.g.",
    "i.e.",
    "Ph.D.",
)
# One pattern for them all, each a whole word: "Kyiv." still ends a sentence.
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + ")"
)
_MAX_QUOTE_WORDS = 80
# A single initial before a name or another initial ("John F. Kerry", "H. W. Bush"),
# also where a paragraph opens on one ("J. Thomas Manger").
_INITIAL = re.compile(r"(?<![\w.])([A-Z])\.(?=\s+(?:[A-Z][a-z]|[A-Z]\.))")
# A bill or resolution's letter before its number: "S. 1", "H.R. 8", "S. Con. Res. 5".
_BILL = re.compile(r"(?<![\w.])((?:[A-Z]\.){0,2}[A-Z])\.(?=\s+(?:\d|Res\.|Con\.|J\.))")
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
    # Hide the periods of abbreviations, initials and citations: no sentence ends there.
    protected = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    protected = _BILL.sub(lambda m: m.group(1).replace(".", "\x00") + "\x00", protected)
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
