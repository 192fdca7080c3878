"""Languages: their names, and figures written the way another language writes them.

A sentence the model translated can only be checked offline for its names and figures.
Its figures are compared with the source's after ``english_figures`` has rewritten the
source's in English notation: "5.000" and "5 000" are 5,000, "1,5" is 1.5, "50 Prozent"
is 50 percent, "3 Millionen Euro" is €3 million. Languages whose decimal mark is a dot
(English) are left as they are.
"""

from __future__ import annotations

import re

LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
}
_DECIMAL_COMMA = frozenset({"de", "fr", "es", "it", "pt", "nl", "pl"})
_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.\u00a0\u202f ]\d{3})+)(?:,(\d+))?(?![\d.])")
_DECIMAL = re.compile(r"(?<![\d.,])(\d+),(\d+)(?![\d,])")
_WORDS = (
    (
        re.compile(
            r"\b(?:prozent|pour\s?cent|por\s?ciento|per\s?cento|por\s?cento|procent)\b", re.I
        ),
        "percent",
    ),
    (
        re.compile(
            r"\b(?:millionen|million|mio\.|millions|millones|milioni|milhões|miljoen|milionów)(?=\W)",
            re.I,
        ),
        "million",
    ),
    (
        re.compile(
            r"\b(?:milliarden|milliarde|mrd\.|milliards|mil millones|miliardi|mil milhões|"
            r"miljard|miliardów)(?=\W)",
            re.I,
        ),
        "billion",
    ),
    (re.compile(r"\b(?:tausend|mille|mil)\b", re.I), "thousand"),
)
_AMOUNT_BEFORE_CURRENCY = re.compile(
    r"(\d[\d.,]*(?:\s(?:thousand|million|billion))?)\s?(?:€|euros?\b|EUR\b)", re.I
)


def language_name(code: str) -> str:
    """An ISO 639-1 code as a reader says it ("de" -> "German"); the code when unknown."""
    return LANGUAGE_NAMES.get(code[:2].lower(), code)


def english_figures(text: str, language: str) -> str:
    """``text`` with its figures in English notation (see the module docstring).

    Args:
        text: text in ``language``.
        language: its ISO 639-1 code.

    Returns:
        The text, changed only where a figure or a unit word was written otherwise.
    """
    if language[:2].lower() not in _DECIMAL_COMMA:
        return text

    def grouped(match: re.Match[str]) -> str:
        whole = re.sub(r"\D", "", match.group(1))
        return whole + (f".{match.group(2)}" if match.group(2) else "")

    text = _GROUPED.sub(grouped, text)
    text = _DECIMAL.sub(r"\1.\2", text)
    for pattern, english in _WORDS:
        text = pattern.sub(english, text)
    return _AMOUNT_BEFORE_CURRENCY.sub(r"€\1", text)
