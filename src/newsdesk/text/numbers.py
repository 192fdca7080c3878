"""Numbers a text states, in digits or in words, with their scale and kind."""

from __future__ import annotations

import re

_UNITS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SHORT_UNITS = {"bn": 1e9, "b": 1e9, "m": 1e6, "k": 1e3}
_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_NUMBER = re.compile(
    r"(?P<money>[$€£]\s?)?(?P<value>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<unit>thousand|million|billion|trillion|bn|k|m|b)\b)?"
    r"(?:\s?(?P<percent>%|percent\b|per cent\b))?",
    re.I,
)
_WORDS_NUMBER = re.compile(
    r"\b(?P<words>(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|"
    r"two|three|four|five|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"hundred)(?:\s(?:hundred|thousand|million|billion|trillion))*)\b"
    r"(?:\s(?P<percent>percent|per cent))?",
    re.I,
)


def _words_value(phrase: str) -> float | None:
    total = 0.0
    current = 0.0
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _UNITS:
            total += (current or 1) * _UNITS[word]
            current = 0
        else:
            return None
    return total + current


def numbers(text: str) -> set[tuple[float, str]]:
    """The numbers a text states, as (value, kind) with kind "money", "percent" or "".

    5,000 = 5000 = five thousand = 5 thousand; "$60 billion" is money and "25 percent"
    = "25%" a percentage.

    Args:
        text: a sentence or an article.

    Returns:
        Every figure, in digits or in words, with its scale applied.
    """
    found: set[tuple[float, str]] = set()
    for m in _NUMBER.finditer(text):
        digits = m.group("value").replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        unit = (m.group("unit") or "").lower()
        value *= _SHORT_UNITS.get(unit, _UNITS.get(unit, 1.0))
        kind = "money" if m.group("money") else "percent" if m.group("percent") else ""
        found.add((round(value, 6), kind))
    for m in _WORDS_NUMBER.finditer(text):
        spelled = _words_value(m.group("words"))
        if spelled is not None:
            found.add((round(spelled, 6), "percent" if m.group("percent") else ""))
    return found


def number_label(value: float, kind: str) -> str:
    """A figure as a reader's note shows it: "5000", "25%", "6e+10 (money)"."""
    return f"{value:g}" + {"percent": "%", "money": " (money)"}.get(kind, "")


# A figure that is part of a name ("COVID-19", "G-7", "F-35") or an ordinal ("1st").
_NOT_A_FIGURE = re.compile(r"\b[A-Za-z]+-\d+\b|\b\d+(?:st|nd|rd|th)\b")
# A year: four digits with no thousands separator, no currency sign and no scale or
# percent after them ("in 2020"; not "2,000 people", "$2020", "2000 percent").
_YEAR = re.compile(
    r"(?<![\d$€£,.])(?:19\d\d|20\d\d|2100)\b(?![,.]\d)"
    r"(?!\s?%|\s?(?:percent|per cent|thousand|million|billion|trillion|[Mm]ln)\b)"
)
# Headline abbreviations of a scale: "$6T", "$70 Mln".
_SCALES = (
    (re.compile(r"([$€£]\d+(?:\.\d+)?)\s?T\b"), r"\1 trillion"),  # not "5 T-Mobile"
    (re.compile(r"(\d)\s?[Mm]ln\b"), r"\1 million"),
)


def quantities(text: str) -> set[tuple[float, str]]:
    """The quantities ``text`` states (``numbers``): not the digits of a name, an ordinal
    or a year ("Bid for 2020 Presidential Nomination" names an election, and its text
    need not)."""
    text = _YEAR.sub(" ", _NOT_A_FIGURE.sub(" ", text))
    for pattern, scale in _SCALES:
        text = pattern.sub(scale, text)
    return numbers(text)
