"""One sentence read for verification: tokens, names, figures, dates, quotes and cues.

A claim and its candidate support are read the same way, once each (sources are cached
per article, claims per text). Everything is rules over tokens: Snowball stems for
words (``newsdesk.text.stem``), the capitalised-span heuristic for names (as
``newsdesk.text.names``), figures with their scale, currency, percent sign, qualifier
("more than", "about") and the words that follow them (what they count), dates
(weekdays, months, years, days of the month, relative dates such as "last week"), quoted
words, and cue words whose scope matters: negation ("not", "never", "denied", "failed
to"), modality ("will", "may", "could", "reportedly"), relations ("because", "after",
"so") and comparison ("more", "largest", "first").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from newsdesk.text import ABBREVIATIONS, COMMON_WORDS, plain_punctuation, stem
from newsdesk.text.days import WEEKDAYS
from newsdesk.verify.lexicon import (
    CUE_WORDS,
    CUES,
    FUNCTION_WORDS,
    MONTH_OF,
    QUALIFIERS,
    RELATIVE_UNITS,
    RELATIVE_WORDS,
    SAY_WORDS,
    SCALES,
    SHORT_SCALES,
    SPELLED,
)

_TOKEN = re.compile(
    r"(?P<money>[$€£])?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|k|m|b)\b)?"
    r"(?P<pct>\s?%|\s?percent\b|\s?per cent\b)?"
    r"|(?P<word>[^\W\d_]+(?:[.'][^\W\d_]+)*\.?)"
    r"|(?P<quote>\")"
    r"|(?P<punct>[,;:()?!]|\s[-–—]+\s|--)",
    re.I,
)
# Double quotes, and single ones that are no apostrophes ('shadow diplomacy').
_QUOTE = re.compile(r"\"([^\"]{2,}?)\"|(?<!\w)'([^']{2,}?)'(?!\w)")
_CONTRACTION = re.compile(
    r"\b(ca|wo|do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)n't\b", re.I
)
_CLAUSE_JOINS = frozenset({"and", "while", "but", "whereas"})
_HYPHEN_NUMBER = re.compile(r"\b([a-z]+)-([a-z]+)\b", re.I)


class Token(NamedTuple):
    """One word, figure or punctuation mark (a named tuple: a sentence has many, and they
    are made faster so; tokens are told apart by identity, ``is``, where it matters)."""

    text: str  # as written (a figure: its digits)
    low: str  # lower case, dots and possessive off ("u.s." -> "us", "trump's" -> "trump")
    stem: str  # Snowball stem; "" for punctuation
    kind: str  # "word", "num" or "punct"
    cap: bool = False  # a capitalised word
    value: float = 0.0  # a figure's value, scale applied
    unit: str = ""  # a figure's sign: "$", "€", "£", "percent" or ""
    stop: bool = False  # a word whose period ends a sentence inside the text


@dataclass(frozen=True, slots=True)
class Figure:
    """A number in a sentence, with what qualifies it and what it counts."""

    index: int  # token position
    value: float
    unit: str  # "$", "percent", ...
    qualifier: str  # "more", "about", ... or ""
    counts: tuple[str, ...]  # stems of the content words right after it
    date: bool  # a year or a day of the month (checked as a date)


@dataclass(frozen=True, slots=True)
class Cue:
    """A negation, modal, relation or comparison word and the words around it."""

    index: int
    kind: str  # "negation", "modality", "relation", "comparison"
    group: str  # its meaning: "not", "may", "cause", "up", ...
    after: tuple[str, ...]  # stems of the next content words (what it governs)
    before: str  # stem of the content word before it ("" at the start)


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words and the words just outside the quotation marks."""

    text: str  # normalised, lower case
    before: str  # the word before the opening mark ("" at the start)
    after: str  # the word after the closing mark ("" at the end)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A sentence read for verification (see the module docstring)."""

    text: str
    tokens: tuple[Token, ...]
    content: frozenset[str]  # stems of the words that need support (names apart)
    stems: frozenset[str]  # stems of every word
    lows: frozenset[str]  # every word in lower case
    names: tuple[tuple[int, int], ...]  # token spans [start, end) of names
    figures: tuple[Figure, ...]
    dates: frozenset[str]  # "wd:friday", "mo:1", "yr:2025", "md:1-24", "rel:last week"
    quotes: tuple[Quote, ...]
    cues: tuple[Cue, ...]
    flat: str  # the normalised text, for quotes
    title: bool = False  # read in title case (a headline or an article's title)


def normalise(text: str) -> str:
    """Straight quotes and apostrophes, dashes as hyphens, spaces collapsed."""
    text = plain_punctuation(text).replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def _word_low(word: str) -> str:
    low = word.lower().rstrip(".")
    if low.endswith("'s"):
        low = low[:-2]
    low = low.rstrip("'")
    return low.replace(".", "") if "." in low else low


_new_token = tuple.__new__  # a Token from its eight fields, without NamedTuple's checks


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, tuple[str, str, str, str, bool, float, str, bool] | None]:
    """A word's lower case, and its token's fields where it is a plain word (None: a
    spelled number, a scale or "percent", which join a figure); cached: words repeat."""
    low = _word_low(word)
    if low in SPELLED or low in SCALES or low == "percent":
        return low, None
    stop = word.endswith(".") and _ends_sentence(word)
    return low, (word, low, stem(low), "word", word[:1].isupper(), 0.0, "", stop)


def _tokens(text: str) -> list[Token]:
    if "'" in text:
        text = _CONTRACTION.sub(lambda m: f"{m.group(1)} not", text)
    if "-" in text:
        text = _HYPHEN_NUMBER.sub(
            lambda m: (
                f"{m.group(1)} {m.group(2)}"
                if m.group(1).lower() in SPELLED and m.group(2).lower() in SPELLED
                else m.group()
            ),
            text,
        )
    out: list[Token] = []
    append = out.append
    # findall: each match's groups as one tuple ("" for those that did not take part)
    for money, num, scale, pct, word, quote, punct in _TOKEN.findall(text):
        if word:
            low, fields = _word(word)
            if fields is not None:
                append(_new_token(Token, fields))
                continue
            if low in SPELLED:
                value = float(SPELLED[low])
                last = out[-1] if out else None
                tens = last and last.kind == "num" and last.low in SPELLED and value < 10
                if tens and last and last.value % 10 == 0 and 20 <= last.value < 100:
                    # "thirty-eight"
                    out[-1] = Token(last.text, last.low, "", "num", value=last.value + value)
                    continue
                append(Token(word, low, "", "num", value=value))
                continue
            if low in SCALES and out and out[-1].kind == "num" and not out[-1].unit:
                last = out[-1]
                out[-1] = Token(last.text, last.low, "", "num", value=last.value * SCALES[low])
                continue
            if low == "percent" and out and out[-1].kind == "num":
                last = out[-1]
                out[-1] = Token(last.text, last.low, "", "num", value=last.value, unit="percent")
                continue
            append(_word_token(word, low))
        elif quote:
            append(_new_token(Token, ('"', '"', "", "punct", False, 0.0, "", False)))
        elif punct:
            mark = punct.strip()
            append(_new_token(Token, (mark, mark, "", "punct", False, 0.0, "", False)))
        else:
            try:
                value = float(num.replace(",", ""))
            except ValueError:
                continue
            scale = scale.lower()
            value *= SCALES.get(scale, SHORT_SCALES.get(scale, 1.0))
            unit = money or ("percent" if pct else "")
            append(Token(num, num, "", "num", value=value, unit=unit))
    return out


def _word_token(word: str, low: str) -> Token:
    """A scale word or "percent" that joins no figure: a word like any other."""
    stop = word.endswith(".") and _ends_sentence(word)
    return Token(word, low, stem(low), "word", cap=word[:1].isupper(), stop=stop)


_OPENERS = FUNCTION_WORDS | CUE_WORDS  # "Following the vote, ...", "Despite ..."


_ABBREVIATIONS = frozenset(a.lower() for a in ABBREVIATIONS) | {"jr.", "sr.", "st.", "mt.", "ft."}


def _ends_sentence(word: str) -> bool:
    """A word's final period ends a sentence: not "Dr.", "U.S." or an initial ("B.")."""
    body = word[:-1]
    return len(body) > 1 and "." not in body and word.lower() not in _ABBREVIATIONS


def opens(tokens: tuple[Token, ...] | list[Token], i: int) -> bool:
    """Token ``i`` opens a sentence or a quotation: first, or after a quote mark, colon,
    bracket, dash or a sentence's period."""
    if i == 0:
        return True
    before = tokens[i - 1]
    return before.stop or (before.kind == "punct" and before.low in _OPENING_MARKS)


_OPENING_MARKS = frozenset({'"', ":", "(", "-", "--", "—", "–", "?", "!", ";"})


def _names(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token spans of capitalised words in a row; a common word ("The", "He") starts none."""
    spans: list[tuple[int, int]] = []
    start = -1
    before: Token | None = None
    for i, t in enumerate(tokens):
        if before is not None and before.stop and start >= 0:
            spans.append((start, i))
            start = -1
        if t.kind == "word" and t.cap:
            # as ``opens``: first, or after an opening mark or a sentence's period
            opener = (
                before is None
                or before.stop
                or (before.kind == "punct" and before.low in _OPENING_MARKS)
            )
            common = (t.low in COMMON_WORDS or (opener and t.low in _OPENERS)) and (
                t.text[1:].islower() or len(t.text) == 1
            )
            # "The", "He" open no name at a sentence's start; "The New York Times" inside one.
            if not (common and start < 0 and (opener or len(t.text) == 1)):
                if start < 0:
                    start = i
                if t.text.endswith(("'s", "’s")):
                    spans.append((start, i + 1))
                    start = -1
                before = t
                continue
        if start >= 0:
            spans.append((start, i))
            start = -1
        before = t
    if start >= 0:
        spans.append((start, len(tokens)))
    return spans


def is_function(low: str) -> bool:
    return low in FUNCTION_WORDS


def _content_after(tokens: list[Token], i: int, n: int, figure: bool = False) -> tuple[str, ...]:
    """Stems of the next ``n`` content words: what a cue governs (across commas and
    quote marks, figures included) or what a figure counts (up to any mark or figure)."""
    out: list[str] = []
    for t in tokens[i + 1 :]:
        if t.kind == "punct":
            if figure or t.low not in {",", '"'}:
                break
            continue
        if t.low in _CLAUSE_JOINS and not figure:
            break
        if figure and (t.low in ("am", "pm") or t.low in WEEKDAYS or t.low in MONTH_OF):
            break  # "9 a.m. on Friday" counts no Friday
        if t.kind == "num":
            if figure:
                break
            out.append(f"#{t.value:g}")
        elif figure and t.cap:
            continue  # a name is the name check's ("two flights to Honduras")
        elif (not is_function(t.low) or (figure and is_say(t.low))) and t.low not in CUE_WORDS:
            out.append(t.stem)
        if len(out) >= n:
            break
    return tuple(out)


def _content_before(tokens: list[Token], i: int) -> str:
    for t in reversed(tokens[:i]):
        if t.kind == "punct":
            continue
        if t.kind == "num":
            return f"#{t.value:g}"
        if not is_function(t.low) and t.low not in CUE_WORDS:
            return t.stem
    return ""


_PERIODS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades".split()
)


def _qualifier(tokens: list[Token], i: int) -> str:
    words = " ".join(t.low for t in tokens[max(0, i - 3) : i] if t.kind == "word")
    for name, pattern in QUALIFIERS:
        if pattern.search(words):
            if words.endswith(("over", "under")) and _period(tokens, i):
                return ""  # "over five weeks": a span of time, not "more than five"
            return name
    return ""


def _period(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].low in _PERIODS


def _dates(tokens: list[Token], title: bool = False) -> tuple[set[str], set[int]]:
    """Date keys, and the token positions of dates (years, days, "last week", "ago")."""
    keys: set[str] = set()
    date_figures: set[int] = set()
    for i, t in enumerate(tokens):
        if t.kind == "num":
            whole = t.value == int(t.value) and not t.unit and "," not in t.text
            if whole and 1900 <= t.value <= 2100 and len(t.text) == 4:
                keys.add(f"yr:{int(t.value)}")
                date_figures.add(i)
            continue
        low = t.low
        if t.kind != "word" or low not in _DATE_WORDS:
            continue
        if low in WEEKDAYS and t.cap:
            keys.add(f"wd:{low}")
        elif low in MONTH_OF and t.cap and _is_month(tokens, i, title):
            month = MONTH_OF[low]
            keys.add(f"mo:{month}")
            if _next_is_day(tokens, i):
                day = int(tokens[i + 1].value)
                keys.add(f"md:{month}-{day}")
                date_figures.add(i + 1)
        elif low in RELATIVE_WORDS:
            keys.add(f"rel:{low}")
        elif low in ("last", "next", "this", "past", "coming") and i + 1 < len(tokens):
            after = tokens[i + 1].low
            if after in RELATIVE_UNITS or after in WEEKDAYS:
                keys.add(f"rel:{'last' if low == 'past' else low} {after}")
                date_figures.update((i, i + 1))
        elif low == "ago" and i >= 1:
            keys.add(f"rel:{tokens[i - 1].low} ago")
            date_figures.update((i - 1, i))
    return keys, date_figures


# The words ``_dates`` reads: any other word is no date.
_DATE_WORDS = (
    frozenset(WEEKDAYS)
    | frozenset(MONTH_OF)
    | RELATIVE_WORDS
    | frozenset(("last", "next", "this", "past", "coming", "ago"))
)
_WORD = re.compile(r"[^\W\d_][\w'.-]*")


def _quotes(flat: str) -> list[Quote]:
    out = []
    for m in _QUOTE.finditer(flat):
        inner = m.group(1) or m.group(2)
        if len(inner.split()) < 2:
            continue
        before = _WORD.findall(flat[: m.start()])
        after = _WORD.findall(flat[m.end() :])
        out.append(
            Quote(
                " ".join(inner.split()).strip(" ,.").lower(),
                before[-1].lower() if before else "",
                after[0].lower() if after else "",
            )
        )
    return out


def _so_relates(tokens: list[Token], i: int) -> bool:
    """ "so" as a consequence ("..., so the vote failed"), not "do so", "so far", "or so"."""
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    before = tokens[i - 1].low if i else ""
    if after is not None and after.low == '"':
        return before not in ("do", "did", "does", "doing", "done")  # ", so "..." relates
    if after is None or after.kind == "punct" or after.low in ("far", "much", "many", "that"):
        return False
    return before not in ("do", "did", "does", "doing", "done", "or", "and", "even", "not", "just")


# Months that are also words ("may", "march"). In title case every word is capitalised
# ("... Summit May Be Delayed", "... in 'White Lives Matter' March"), so there only a day or
# a year after it, or a word of time before it ("in May", "Since March"), makes it the month.
_MONTH_HOMONYMS = frozenset(("may", "march"))
_BEFORE_MONTH = frozenset(
    "in on since by until till through from of during before after early late mid last next "
    "this".split()
)


def _is_month(tokens: list[Token], i: int, title: bool) -> bool:
    low = tokens[i].low
    if low not in _MONTH_HOMONYMS or _next_is_day(tokens, i) or _next_is_year(tokens, i):
        return True
    if not title:
        return low != "may" or i > 0  # a sentence's first "May" is the verb
    return i > 0 and tokens[i - 1].low in _BEFORE_MONTH


def _next_is_year(tokens: list[Token], i: int) -> bool:
    if i + 1 >= len(tokens):
        return False
    t = tokens[i + 1]
    return t.kind == "num" and not t.unit and len(t.text) == 4 and 1900 <= t.value <= 2100


def _next_is_day(tokens: list[Token], i: int) -> bool:
    if i + 1 >= len(tokens):
        return False
    t = tokens[i + 1]
    return t.kind == "num" and not t.unit and t.value == int(t.value) and 1 <= t.value <= 31


# Words that are no content of a claim: function and cue words, weekdays, months and
# relative days (dates are checked as dates).
_NOT_CONTENT = FUNCTION_WORDS | CUE_WORDS | frozenset(WEEKDAYS) | set(MONTH_OF) | RELATIVE_WORDS


def _cue(tokens: list[Token], i: int) -> Cue | None:
    """The cue that word ``i`` (a cue word) is here, if any."""
    t = tokens[i]
    kind, group = CUES[t.low]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    last = kind == "comparison" and t.low == "last" and nxt is not None
    if last and nxt is not None and (nxt.low in RELATIVE_UNITS or nxt.low in WEEKDAYS):
        return None  # "last week" is a date
    if t.low == "no" and nxt is not None and nxt.low == "longer":
        group = "not"
    if t.low == "so" and not _so_relates(tokens, i):
        return None
    if t.low in ("over", "under") and nxt is not None and nxt.kind == "num":
        return None  # "over 80": the figure's qualifier; "over five weeks": a span
    if t.low == "may" and _next_is_day(tokens, i):
        return None  # "May 12, 1918"
    return Cue(i, kind, group, _content_after(tokens, i, 3), _content_before(tokens, i))


@lru_cache(maxsize=16384)
def parse(text: str, title: bool = False) -> Parsed:
    """Read one sentence (cached: sources and claims repeat).

    ``title``: the text is in title case (a headline), where every word is capitalised:
    cue words inside capitalised runs ("Mexico Refuses", "It Could Down") still count.
    """
    flat = normalise(text)
    tokens = _tokens(flat)
    dates, date_figures = _dates(tokens, title)
    names = _names(tokens)
    in_name = {i for a, b in names for i in range(a, b)}
    figures: list[Figure] = []
    cues: list[Cue] = []
    stems: list[str] = []
    lows: list[str] = []
    content: list[str] = []
    for i, t in enumerate(tokens):  # one pass, in reading order
        if t.kind == "num":
            after = _content_after(tokens, i, 3, figure=True)
            figures.append(
                Figure(i, t.value, t.unit, _qualifier(tokens, i), after, i in date_figures)
            )
        elif t.kind == "word":
            low = t.low
            stems.append(t.stem)
            lows.append(low)
            if low not in _NOT_CONTENT and i not in in_name and i not in date_figures:
                content.append(t.stem)
            if low in CUES and (title or i not in in_name):
                cue = _cue(tokens, i)
                if cue is not None:
                    cues.append(cue)
    quotes = tuple(_quotes(flat))
    return Parsed(
        text=text,
        tokens=tuple(tokens),
        content=frozenset(content),
        stems=frozenset(stems),
        lows=frozenset(lows),
        names=tuple(names),
        figures=tuple(figures),
        dates=frozenset(dates),
        quotes=quotes,
        cues=tuple(cues),
        flat=flat.lower(),
        title=title,
    )


def is_say(low: str) -> bool:
    """A verb of saying ("said", "told", "argued")."""
    return low in SAY_WORDS


def is_relation(low: str) -> bool:
    """A relation word ("because", "after", "so")."""
    return CUES.get(low, ("", ""))[0] == "relation"
