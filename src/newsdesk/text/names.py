"""Names in a text: capitalised spans (a heuristic NER) and plain punctuation to match them.

Named entities come from a capitalised-span heuristic rather than a statistical NER
model: no well-kept NER library ships its English model in a registry package here.
"""

from __future__ import annotations

import re

_CAPITAL = re.compile(r"(?<![\w.$€£])(?:[A-Z](?:\.[A-Z][a-z]?)+\.?|[A-Z][\w’'&-]*\w|[A-Z])")
_INITIALS = re.compile(r"[A-Z](?:\.[A-Z][a-z]?)+\.")
_SPAN_START = re.compile(r"[.!?:\"(]\s*$")
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# Capitalised words that are no names: sentence openers and titles before a name.
COMMON_WORDS = frozenset(
    """a about according after again also although amid an and another any as at because
    before both but by despite during each earlier either even every for from further he her
    here his however i if in instead it its last later many meanwhile more most much new
    next no not now of officials on once one only or other our over people several she since
    so some still such than that the their then there these they this those though thus to
    under until us we what when where whether which while who why with within without yet
    you""".split()
)
TITLE_WORDS = frozenset(
    """president vice prime minister sen senator rep representative gov governor secretary
    chief judge justice mr mrs ms dr gen general adm admiral col colonel lt sgt capt pope
    king queen prince princess mayor speaker leader chairman chairwoman chair director
    former acting attorney state house senate democrat democrats republican republicans
    gop""".split()
)


def plain_punctuation(text: str) -> str:
    """Curly quotes and apostrophes made straight, en and em dashes made hyphens."""
    return text.translate(_PLAIN)


def names(text: str) -> list[str]:
    """Capitalised spans that name someone or something (a heuristic NER).

    Args:
        text: a sentence or headline.

    Returns:
        Each span, possessive "'s" removed; a sentence's first word only when it is
        not a common word.
    """
    text = plain_punctuation(text)
    spans: list[list[str]] = []
    previous_end = -2
    for m in _CAPITAL.finditer(text):
        raw = m.group()
        if not _INITIALS.fullmatch(raw):
            raw = raw.rstrip(".")
        word = raw.removesuffix("'s").rstrip("'")
        if not word:
            continue
        at_start = m.start() == 0 or bool(_SPAN_START.search(text[: m.start()]))
        if at_start and word.lower() in COMMON_WORDS:
            previous_end = -2
            continue
        if spans and previous_end >= 0 and text[previous_end : m.start()] == " ":
            spans[-1].append(word)
        else:
            spans.append([word])
        # A possessive ends a name: "Florida's Democratic primary".
        previous_end = -2 if word != raw else m.end()
    return [" ".join(s) for s in spans]
