"""Names in the same role: a claim's names, where they stand and who says what.

A name must be in the supporting sentence (or be the cited article's outlet or author),
next to the same words as there ("Trump accused" is not "accused Trump"), and a speaker
("X said", "according to X") must be the one who says it there.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.text import COMMON_WORDS
from newsdesk.text.days import MONTHS, WEEKDAYS
from newsdesk.verify.evidence import PRONOUNS, Evidence, Unit
from newsdesk.verify.lexicon import FUNCTION_WORDS, SAY_WORDS
from newsdesk.verify.parse import Parsed, Token, is_function, opens
from newsdesk.verify.reasons import Problem

__all__ = ["is_date_word", "is_name_word", "name_problems"]

_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})
_ALIASES = {"us": ("united", "states"), "uk": ("united", "kingdom"), "un": ("united", "nations")}


def _span_text(tokens: tuple[Token, ...], span: tuple[int, int]) -> str:
    return " ".join(t.text.rstrip(".,") for t in tokens[span[0] : span[1]])


# Words too common to tell one place in a sentence from another.
_GENERIC = frozenset({"the", "a", "an", "and", "or", "of", "'s"})


def _key(token: Token) -> str | None:
    """How a neighbouring token is compared: "SAY" for a verb of saying, a figure by its
    value, a word by its stem; None for generic words (skipped) and "|" for a mark."""
    kind, low = token.kind, token.low
    if kind == "punct":
        return "|"
    if kind == "num":
        return f"#{token.value:g}"
    if low in _SAY_KEYS:
        return "SAY"
    if low in _GENERIC:
        return None
    return low if low in FUNCTION_WORDS else token.stem


_SAY_KEYS = SAY_WORDS | {"according"}  # what ``is_say`` says, and "according (to)"


def _side(
    tokens: tuple[Token, ...],
    start: int,
    step: int,
    n: int,
    content: bool = False,
    cross: bool = False,
) -> list[str]:
    """Up to ``n`` neighbour keys from ``start`` in direction ``step``.

    Args:
        tokens: a sentence's tokens.
        start: where to begin.
        step: -1 (before) or 1 (after).
        n: how many keys.
        content: keep only content words, figures and verbs of saying.
        cross: read across marks (commas, brackets); otherwise stop at one ("|").

    Returns:
        The keys; "" stands for either end of the sentence.
    """
    out: list[str] = []
    i = start
    while 0 <= i < len(tokens) and len(out) < n:
        token = tokens[i]
        key = _key(token)
        i += step
        if key == "|":
            if cross:
                continue
            return out or ["|"]
        if key is None or (content and key == token.low and key in FUNCTION_WORDS):
            continue
        out.append(key)
    return out if len(out) == n else [*out, ""]


def _capital(token: Token) -> bool:
    """A capitalised word that may belong to a name: "New" in "New York" does, "The" and
    "He" do not (nor "In" opening a sentence, which names never see: see ``parse``)."""
    if token.kind != "word" or not token.cap or is_date_word(token):
        return False
    if token.low in _HONORIFICS:
        return True
    return not (is_function(token.low) and token.text[1:].rstrip(".").islower())


def _run(tokens: tuple[Token, ...], i: int) -> tuple[int, int]:
    """The capitalised run of words around token ``i`` ("Unite The Right" whole), within
    its sentence; the same for a claim and its source, so that a copied sentence matches."""

    def joins(k: int) -> bool:
        if _capital(tokens[k]):
            return True
        # A capitalised "The", "Of" between two capitalised words: a title.
        t = tokens[k]
        return (
            t.kind == "word"
            and t.cap
            and 0 < k < len(tokens) - 1
            and _capital(tokens[k - 1])
            and _capital(tokens[k + 1])
        )

    start, end = i, i + 1
    while start > 0 and joins(start - 1) and not tokens[start - 1].stop:
        start -= 1
    while end < len(tokens) and joins(end) and not tokens[end - 1].stop:
        end += 1
    return start, end


def _is_speaker(tokens: tuple[Token, ...], run: tuple[int, int]) -> bool:
    """ "Trump said", "..., said Trump." and "according to Trump": the run says something
    ("said Trump will" reports what Trump will do; "told Fox News." names the listener)."""
    if _side(tokens, run[1], 1, 1)[0] == "SAY":
        return True
    before = _previous(tokens, run[0])
    if before >= 1 and tokens[before].low == "to" and tokens[before - 1].low == "according":
        return True
    inverted = before >= 0 and tokens[before].low in ("said", "says", "say")
    return inverted and run[1] >= len(tokens)


def _previous(tokens: tuple[Token, ...], i: int) -> int:
    """The position of the word before ``i``, "the" and "a" skipped (-1: none)."""
    i -= 1
    while i >= 0 and tokens[i].low in _GENERIC:
        i -= 1
    return i


def _has_word(unit: Unit, evidence: Evidence, token: Token) -> bool:
    """A name's word is in the unit as written (plural or possessive aside), or is the
    cited article's outlet or author."""
    low = token.low
    if low in unit.lows or low in evidence.meta_lows:
        return True
    if (low.endswith("s") and low[:-1] in unit.lows) or f"{low}s" in unit.lows:
        return True
    alias = _ALIASES.get(low)
    return alias is not None and all(a in unit.lows for a in alias)


def name_problems(claim: Parsed, unit: Unit, evidence: Evidence) -> list[Problem]:
    """The claim's names that ``unit`` does not have in the same role: a word missing
    ("name"), a name next to other words ("role"), a speaker who does not say it there
    ("speaker"), and capitalised words put in."""
    out: list[Problem] = []
    toks = claim.tokens
    first = _first_word(toks)
    for span in claim.names:
        words = [
            t
            for i, t in enumerate(toks[span[0] : span[1]], span[0])
            if is_name_word(t)
            and not (t.low in COMMON_WORDS and t.text[1:].islower())
            and not (i == first and _lower_in(unit, t))
        ]
        if not words or all(is_date_word(t) for t in words):
            continue
        missing = [t.text for t in words if not _has_word(unit, evidence, t)]
        if missing:
            out += [Problem("name", word) for word in missing]
            continue
        if all(t.low in evidence.meta_lows for t in words):
            # The cited article's outlet or author, attributing; not saying what the
            # article has someone else say.
            if _is_speaker(toks, _run(toks, span[1] - 1)) and _named_speaker(unit):
                out.append(Problem("speaker", _span_text(toks, span)))
            continue
        anchor = max(i for i in range(*span) if toks[i] is words[-1])
        run = _run(toks, anchor)
        # The words of the name (a capital that only opens the sentence aside) must all be
        # in the same name in the source: "Florida Republican" is not "Republican Party".
        own = {
            t.low
            for i, t in enumerate(toks[run[0] : run[1]], run[0])
            if is_name_word(t) and i != first
        }
        found = [o for o in _occurrences(unit, words[-1]) if own <= o.words or o.stand_in]
        if _is_speaker(toks, run):
            # The run's last word is next to the verb in the source too ("Brazil's
            # Supreme Electoral Tribunal declared"); the name's own last word otherwise.
            lasts = {words[-1].low, toks[run[1] - 1].low}
            if not any(o.said and o.last in lasts for o in found):
                out.append(Problem("speaker", _span_text(toks, span)))
            continue
        # The name where it was: next to the same content word on one side.
        before = _side(toks, run[0] - 1, -1, 1, content=True, cross=True)[0]
        after = _side(toks, run[1], 1, 1, content=True, cross=True)[0]
        at_start = not before  # nothing but function words before it
        preposition = _preposition(toks, run[0])
        in_place = any(
            (before and before in o.before)
            or (after and after in o.after)
            or (at_start and o.at_start)
            or (preposition and preposition == o.preposition)
            for o in found
            if not o.stand_in
        )
        # A pronoun stands for the name only where it is: opening the sentence and next
        # to the same word ("He accused" is not "accused the Trump agency").
        in_place = in_place or any(
            o.stand_in and at_start and o.after[:1] == (after,) for o in found
        )
        # A title in title case tells no roles: every word there is capitalised.
        in_place = in_place or any(p.title for p in unit.parts)
        if (before or after) and not in_place:
            out.append(Problem("role", _span_text(toks, span)))
    return out + _stray_capitals(claim, unit) + _subjects_of_saying(claim, unit)


_PRONOUN_SUBJECTS = frozenset("he she they it we i you".split())


def _subjects_of_saying(claim: Parsed, unit: Unit) -> list[Problem]:
    """A capitalised word right before a verb of saying ("Does said", "Too commented") is
    its speaker: the unit must have it among the words before one of its own."""
    toks = claim.tokens
    out = []
    for i, t in enumerate(toks[1:], 1):
        subject = toks[i - 1]
        if _key(t) != "SAY" or subject.kind != "word" or not subject.cap:
            continue
        if subject.low in _PRONOUN_SUBJECTS or is_name_word(subject):
            continue  # a name is the name check's
        if not any(
            subject.low in (w.low for w in p.tokens[max(0, k - 4) : k])
            for p in unit.parts
            for k, w in enumerate(p.tokens)
            if _key(w) == "SAY"
        ):
            out.append(Problem("speaker", subject.text))
    return out


def _stray_capitals(claim: Parsed, unit: Unit) -> list[Problem]:
    """A capitalised common word alone inside the claim ("posed to Are was direct") that
    the unit never capitalises there: a name put in, however short."""
    out = []
    toks = claim.tokens
    for i, t in enumerate(toks):
        if (
            t.kind != "word"
            or not t.cap
            or len(t.text) < 2
            or not t.text[1:].rstrip(".").islower()
            or opens(toks, i)
            or not (is_function(t.low) or t.low in COMMON_WORDS)
            or any(0 <= k < len(toks) and _capital(toks[k]) for k in (i - 1, i + 1))
        ):
            continue
        if not any(
            u.low == t.low and u.cap and not opens(p.tokens, k)
            for p in unit.parts
            for k, u in enumerate(p.tokens)
        ):
            out.append(Problem("name", t.text))
    return out


def _named_speaker(unit: Unit) -> bool:
    """The unit has a named person or body say something ("Sheinbaum said")."""
    return any(_says(p.tokens, _run(p.tokens, b - 1)) for p in unit.parts for _, b in p.names)


def _lower_in(unit: Unit, token: Token) -> bool:
    """A word capitalised only because it opens the claim ("Tariffs of 25% ...") that the
    unit writes in lower case, and never capitalised inside a sentence: no name."""
    seen = False
    for part in unit.parts:
        for i, t in enumerate(part.tokens):
            if t.low != token.low:
                continue
            if t.cap and i != _first_word(part.tokens):
                return False
            seen = seen or not t.cap
    return seen


def is_name_word(token: Token) -> bool:
    """A word of a name that must be found: not "The" or "Mr."; "US" is one."""
    return _capital(token) and token.low not in _HONORIFICS


def is_date_word(token: Token) -> bool:
    """A weekday or a month (checked as a date, not as a name)."""
    return token.low in WEEKDAYS or token.low in MONTHS


@dataclass(frozen=True, slots=True)
class _Occurrence:
    """A name (or a pronoun standing for one) in a unit, and what is around it."""

    words: frozenset[str]  # the words of its capitalised run
    before: tuple[str, ...]  # two content words before it
    after: tuple[str, ...]  # two after
    said: bool  # it says something ("X said", "X on Monday said", "..., said X.")
    at_start: bool  # it opens the sentence
    preposition: str  # "in" for "in Nevada"
    last: str  # the run's last word, next to what it does
    stand_in: bool = False


def _occurrences(unit: Unit, anchor: Token) -> list[_Occurrence]:
    """Where ``anchor`` (a name's last word) is in the unit. A passage's opening pronoun
    ("He has deployed ...") stands for a name of its context."""
    found = []
    stand_in = unit.context is not None and anchor.low in unit.context.lows
    for part in unit.parts:
        toks = part.tokens
        for i, t in enumerate(toks):
            if t.kind != "word":
                continue
            if t.low == anchor.low or t.stem == anchor.stem:
                start, end = _run(toks, i)
                pronoun = False
            elif stand_in and t.low in PRONOUNS and i == _first_word(toks):
                start, end, pronoun = i, i + 1, True
            else:
                continue
            before = tuple(_side(toks, start - 1, -1, 3, content=True, cross=True))
            found.append(
                _Occurrence(
                    frozenset(x.low for x in toks[start:end] if is_name_word(x)) | {t.low},
                    before,
                    tuple(_side(toks, end, 1, 3, content=True, cross=True)),
                    _says(toks, (start, end)),
                    not before[0],  # the first key, "" where there is none
                    _preposition(toks, start),
                    toks[end - 1].low if not pronoun else anchor.low,
                    pronoun,
                )
            )
    return found


def _says(tokens: tuple[Token, ...], run: tuple[int, int]) -> bool:
    """A verb of saying follows the run within three words, no other name between
    ("Cuomo on Tuesday declared"), or it is the inverted speaker at the end ("..., said
    Cuomo.") or after "according to"."""
    if _is_speaker(tokens, run):
        return True
    seen = 0
    for t in tokens[run[1] :]:
        if t.kind == "punct":
            return False
        if _key(t) == "SAY":
            return True
        if _capital(t) and not is_date_word(t):
            return False
        if t.kind == "num" or not is_function(t.low):
            seen += 1
            if seen >= 3:
                return False
    return False


_PREPOSITIONS = frozenset(
    "in at from to into for against with by near across inside outside".split()
)


def _preposition(tokens: tuple[Token, ...], start: int) -> str:
    """The preposition right before a name ("in Nevada"): where it was, moved or not."""
    if start > 0 and tokens[start - 1].low in _PREPOSITIONS:
        return tokens[start - 1].low
    return ""


def _first_word(tokens: tuple[Token, ...]) -> int:
    """The position of a sentence's first word after an opening "But" or "And"."""
    for i, t in enumerate(tokens):
        if t.kind == "word" and t.low not in ("but", "and", "so", "yet"):
            return i
    return -1
