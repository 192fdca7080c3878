"""Perturbation templates: one real source sentence in, one rewritten sentence out.

Each template is a function ``(sentence, context, rng) -> str | None`` (None: it does
not apply to that sentence). The *perturbations* change what a sentence says (a flipped
negation, a swapped figure or name, a shifted date, a false relation ...): the verifier
must refuse every one. The *faithful rewrites* say the same thing in other words
(clauses reordered, an adjunct dropped, two supported sentences joined, "said" ->
"told reporters", "five" -> "5", "percent" -> "%", in ``perturb_faithful``): the
verifier must let them pass.

The templates were written before the verifier was tuned against them and are kept
fixed (see docs/decisions/verify.md): a template is never changed to suit the verifier.
Nothing here reads a reference summary; the material is the item's own sentences.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence

from newsdesk.evaluate.perturb_edit import (
    QUOTED,
    TITLED_MONTHS,
    TITLED_WEEKDAYS,
    Context,
    Rewrite,
    Template,
    is_unquoted,
    joined_with_one_of,
    lower_first,
    name_spans,
    splice,
    text_only,
    unquoted_matches,
)
from newsdesk.text import COMMON_WORDS, TERM_STOP_WORDS, TITLE_WORDS

__all__ = ["PERTURBATIONS"]


_NUMBER = re.compile(
    r"(?<![\w.,-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w-])|(?<![\w.,-])\d+(?:\.\d+)?(?![\w-])"
)
_AUX = re.compile(
    r"\b(is|are|was|were|will|would|can|could|should|has|have|had|may|might|must|does|do|did)"
    r"\b(?= [a-z])"
)
_NEGATED = re.compile(r"\b(?:not|never) |n't\b")
_CONTRACTED = {
    "isn't": "is",
    "aren't": "are",
    "wasn't": "was",
    "weren't": "were",
    "won't": "will",
    "wouldn't": "would",
    "can't": "can",
    "couldn't": "could",
    "shouldn't": "should",
    "hasn't": "has",
    "haven't": "have",
    "hadn't": "had",
    "doesn't": "does",
    "don't": "do",
    "didn't": "did",
}
_PAST = re.compile(
    r"(?<=[a-z,] )(?!need|feed|seed|speed|red|bed|hundred|united|based)([a-z]{3,}ed)\b"
)
_DATE_WORD = re.compile(
    r"\b(" + "|".join(TITLED_WEEKDAYS + TITLED_MONTHS) + r")\b|\b(19[5-9]\d|20[0-4]\d)\b"
    r"|\b(?:" + "|".join(TITLED_MONTHS) + r") (\d{1,2})\b"
)
_MONTH_BEFORE = re.compile(r"(?:" + "|".join(m[:3] for m in TITLED_MONTHS) + r")[a-z]*\.? $")
_RELATIVE = (
    "last week",
    "yesterday",
    "earlier this month",
    "last year",
    "on Tuesday",
    "last month",
)
_UNITS = (
    ("percent", "percentage points"),
    ("per cent", "percentage points"),
    ("%", " percentage points"),
    ("million", "billion"),
    ("billion", "million"),
    ("thousand", "million"),
    ("years", "months"),
    ("year", "month"),
    ("months", "weeks"),
    ("month", "week"),
    ("weeks", "days"),
    ("week", "day"),
    ("days", "hours"),
    ("day", "hour"),
    ("hours", "minutes"),
    ("miles", "kilometers"),
    ("kilometers", "miles"),
    ("feet", "meters"),
    ("pounds", "kilograms"),
    ("tons", "pounds"),
    ("votes", "seats"),
    ("seats", "votes"),
)
_NOT_COUNTED = TERM_STOP_WORDS | {"million", "billion", "thousand", "trillion", "percent"}
_CURRENCY = {"$": "€", "€": "$", "£": "$"}
_SPEECH = (
    r"said|says|told|stated|added|argued|claimed|wrote|tweeted|warned|announced|noted|"
    r"explained|insisted|declared|testified|acknowledged|admitted"
)
_NAME = r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,3}"
_SPEAKER = re.compile(
    rf"(?P<a>{_NAME}) (?:{_SPEECH})\b|\b(?:said|says|according to) (?P<b>{_NAME})"
)
_MODALS = (
    (r"\bwill\b", "may"),
    (r"\bwould\b", "might"),
    (r"\bcould\b", "will"),
    (r"\bcan\b", "may"),
    (r"\bmay\b", "will"),
    (r"\bmight\b", "will"),
    (r"\bshould\b", "will"),
    (r"\bmust\b", "may"),
    (r"\b(?:is|are) expected to\b", "will"),
    (r"\b(?:is|are) likely to\b", "will"),
    (r"\bplans to\b", "will"),
)
_HEDGE_AUX = (
    (r"\bhas\b(?= [a-z]+(?:ed|en)\b)", "may have"),
    (r"\bhave\b(?= [a-z]+(?:ed|en)\b)", "may have"),
    (r"\bis\b", "may be"),
    (r"\bare\b", "may be"),
    (r"\bwas\b", "may have been"),
    (r"\bwere\b", "may have been"),
)
_COMPARISONS = (
    (r"\bmore than\b", "less than"),
    (r"\bless than\b", "more than"),
    (r"\bfewer than\b", "more than"),
    (r"\bat least\b", "at most"),
    (r"\bover (?=\d)", "under "),
    (r"\bnearly (?=\d)", "more than "),
    (r"\balmost (?=\d)", "more than "),
    (r"\bup to\b", "at least"),
    (r"\blargest\b", "smallest"),
    (r"\bbiggest\b", "smallest"),
    (r"\bhighest\b", "lowest"),
    (r"\blowest\b", "highest"),
    (r"\bhigher\b", "lower"),
    (r"\blower\b", "higher"),
    (r"\blarger\b", "smaller"),
    (r"\bmost\b", "least"),
    (r"\bfirst\b", "last"),
    (r"\bincreased\b", "decreased"),
    (r"\brose\b", "fell"),
    (r"\bfell\b", "rose"),
)
_CONNECTIVES = ("because", "after", "so")


def _person_first(found: Iterable[str]) -> list[str]:
    """Names, two-word names without a title (most likely people's) first."""
    ordered = sorted(set(found))
    people = [
        n
        for n in ordered
        if len(n.split()) >= 2 and not any(w.lower() in TITLE_WORDS for w in n.split())
    ]
    return people or ordered


def _bare(name: str) -> set[str]:
    return {w.lower() for w in name.split() if w.lower() not in TITLE_WORDS | COMMON_WORDS}


def _someone_else(name: str, other: str) -> bool:
    """Whether ``other`` names someone else than ``name`` ("Andrew Cuomo" is "Mr. Cuomo")."""
    return not _bare(name) & _bare(other) and other.lower() not in name.lower()


def _other_names(sentence: str, pool: Sequence[str], instead_of: str = "") -> list[str]:
    here = sentence.lower()
    found = {n for s in pool for n in name_spans(s)}
    return sorted(
        n for n in found if n.lower() not in here and len(n) > 2 and _someone_else(instead_of, n)
    )


def _number_values(texts: Sequence[str]) -> set[str]:
    return {m.group() for t in texts for m in _NUMBER.finditer(t)}


def _value(literal: str) -> float:
    return float(literal.replace(",", ""))


def _format_like(value: float, literal: str) -> str:
    if "." in literal:
        decimals = len(literal.split(".")[1])
        return f"{value:.{decimals}f}"
    return f"{int(value):,}" if "," in literal else str(int(value))


# ---------------------------------------------------------------- perturbations


def negation_flip(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """Remove the sentence's negation, or negate it ("not" after an auxiliary, "never")."""
    for m in unquoted_matches(_NEGATED, sentence):
        if m.group().endswith("n't"):
            word = re.search(r"\w+n't\b", sentence[: m.end()])
            if word and word.group().lower() in _CONTRACTED:
                plain = _CONTRACTED[word.group().lower()]
                if word.group()[0].isupper():
                    plain = plain.capitalize()
                return splice(sentence, word.start(), word.end(), plain)
            continue
        return splice(sentence, m.start(), m.end(), "")
    aux = unquoted_matches(_AUX, sentence)
    if aux:
        m = aux[0]
        return splice(sentence, m.end(), m.end(), " not")
    past = unquoted_matches(_PAST, sentence)
    if past:
        m = past[0]
        return splice(sentence, m.start(), m.start(), "never ")
    return None


def _number_swap(sentence: str, ctx: Context, rng: random.Random, new: bool) -> str | None:
    # A day of the month is a date (``date_shifted``), not a figure.
    spots = [
        m
        for m in unquoted_matches(_NUMBER, sentence)
        if not _MONTH_BEFORE.search(sentence[: m.start()])
    ]
    if not spots:
        return None
    m = rng.choice(spots)
    literal = m.group()
    value = _value(literal)
    known = {_value(n) for n in _number_values(ctx.story)}
    if new:
        choices = [value + d for d in (1, 2, 3, 5, 10)] + [value * 2, value * 3, value / 2]
        choices = [
            c for c in choices if c not in known and c > 0 and (c == int(c) or "." in literal)
        ]
        if not choices:
            return None
        replacement = _format_like(rng.choice(choices), literal)
    else:
        own = sorted(n for n in _number_values(ctx.own) if _value(n) != value)
        pool = own or sorted(n for n in _number_values(ctx.story) if _value(n) != value)
        if not pool:
            return None
        replacement = rng.choice(pool)
    return splice(sentence, m.start(), m.end(), replacement)


def number_from_sources(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A figure swapped for another figure of the sources (its own article's first)."""
    return _number_swap(sentence, ctx, rng, new=False)


def number_new(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A figure swapped for one that no source states."""
    return _number_swap(sentence, ctx, rng, new=True)


def unit_changed(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """The unit of a figure changed (percent, currency, scale, time, distance), or what it
    counts ("80 migrants" -> "80 troops", a noun that follows a figure in the sources)."""
    for symbol, other in _CURRENCY.items():
        for m in unquoted_matches(re.compile(re.escape(symbol) + r"(?=\s?\d)"), sentence):
            return splice(sentence, m.start(), m.end(), other)
    for unit, other in _UNITS:
        if unit == "%":
            pattern = re.compile(r"(?<=\d)%")
        else:
            pattern = re.compile(r"(?<=\d )" + re.escape(unit) + r"\b")
        for m in unquoted_matches(pattern, sentence):
            return splice(sentence, m.start(), m.end(), other)
    counted = re.compile(r"(?<![\w-])\d[\d,.]* ([a-z]{4,})\b")
    spots = [
        m
        for m in unquoted_matches(counted, sentence)
        if m.group(1) not in _NOT_COUNTED and not _MONTH_BEFORE.search(sentence[: m.start()])
    ]
    if not spots:
        return None
    m = rng.choice(spots)
    nouns = sorted({n.group(1) for t in ctx.story for n in counted.finditer(t)} - {m.group(1)})
    nouns = [n for n in nouns if n.rstrip("s") != m.group(1).rstrip("s") and n not in _NOT_COUNTED]
    if not nouns:
        return None
    return splice(sentence, m.start(1), m.end(1), rng.choice(nouns))


def name_swapped(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A name swapped for another name of the sources (its own article's first)."""
    spans = [s for s in name_spans(sentence) if is_unquoted(sentence, *_span_of(sentence, s))]
    if not spans:
        return None
    victim = rng.choice(spans)
    pool = _other_names(sentence, ctx.own, victim) or _other_names(sentence, ctx.others, victim)
    if not pool:
        return None
    start, end = _span_of(sentence, victim)
    return splice(sentence, start, end, rng.choice(pool))


def _span_of(text: str, span: str) -> tuple[int, int]:
    plain = text.replace("’", "'")
    at = plain.find(span)
    return (at, at + len(span)) if at >= 0 else (0, 0)


def speaker_swapped(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """Who said it changed: the speaker of "X said" / "said X" / "according to X"
    becomes another name of the sources (possibly one in the same sentence)."""
    for m in unquoted_matches(_SPEAKER, sentence):
        group = "a" if m.group("a") else "b"
        who = m.group(group)
        if who.split()[0].lower() in COMMON_WORDS or any(w in TITLED_WEEKDAYS for w in who.split()):
            continue
        found = {n for s in (*ctx.own, *ctx.others) for n in name_spans(s)}
        pool = _person_first(n for n in found if _someone_else(who, n))
        if not pool:
            return None
        return splice(sentence, m.start(group), m.end(group), rng.choice(pool))
    return None


def date_shifted(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A weekday, month, year or day of the month moved to another."""
    spots = unquoted_matches(_DATE_WORD, sentence)
    if not spots:
        return None
    m = rng.choice(spots)
    if m.group(1):
        word = m.group(1)
        group = TITLED_WEEKDAYS if word in TITLED_WEEKDAYS else TITLED_MONTHS
        return splice(sentence, m.start(), m.end(), rng.choice([w for w in group if w != word]))
    if m.group(2):
        year = int(m.group(2)) + rng.choice((-2, -1, 1, 2))
        return splice(sentence, m.start(), m.end(), str(year))
    day = int(m.group(3))
    shifted = day + rng.choice((1, 2, 3)) if day < 25 else day - rng.choice((1, 2, 3))
    return splice(sentence, m.start(3), m.end(3), str(shifted))


def relative_date_added(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A relative date that the sentence does not state ("last week", "yesterday") added."""
    lowered = sentence.lower()
    choices = [r for r in _RELATIVE if r.split()[-1] not in lowered]
    if not choices:
        return None
    when = rng.choice(choices)
    body = sentence.rstrip()
    if body[-1:] in ".!?" and body[-2:-1] not in "\"”’'":
        return f"{body[:-1]} {when}{body[-1]}"
    return f"{when[:1].upper()}{when[1:]}, {lower_first(body)}"


def quote_altered(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """One word of a quotation replaced, dropped or moved."""
    quotes = [m for m in QUOTED.finditer(sentence) if len(m.group()[1:-1].split()) >= 2]
    if not quotes:
        return None
    m = rng.choice(quotes)
    inner = m.group()[1:-1]
    words = inner.split(" ")
    i = rng.randrange(len(words))
    how = rng.choice(("replace", "drop", "swap"))
    if how == "replace":
        pool = sorted(
            {w for s in ctx.story for w in re.findall(r"\b[a-z]{4,}\b", s)}
            - {w.lower() for w in words}
        )
        if not pool:
            return None
        words[i] = rng.choice(pool)
    elif how == "drop" and len(words) > 2:
        del words[i]
    else:
        j = i + 1 if i + 1 < len(words) else i - 1
        if words[i] == words[j]:
            return None
        words[i], words[j] = words[j], words[i]
    altered = m.group()[0] + " ".join(words) + m.group()[-1]
    return None if altered == m.group() else splice(sentence, m.start(), m.end(), altered)


def modality_changed(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A modal changed (will -> may, could -> will ...) or a certain statement hedged."""
    for pattern, new in (*_MODALS, *_HEDGE_AUX):
        spots = unquoted_matches(re.compile(pattern), sentence)
        if spots:
            m = spots[0]
            return splice(sentence, m.start(), m.end(), new)
    past = unquoted_matches(_PAST, sentence)
    if past:
        return splice(sentence, past[0].start(), past[0].start(), "may have ")
    return None


def comparison_flipped(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A comparative or superlative turned round (more than -> less than, largest -> smallest)."""
    for pattern, new in _COMPARISONS:
        spots = unquoted_matches(re.compile(pattern), sentence)
        if spots:
            return splice(sentence, spots[0].start(), spots[0].end(), new)
    return None


_VERBISH = re.compile(
    r" (?:is|are|was|were|has|have|had|will|would|could|said|says|[a-z]{3,}ed|[a-z]{3,}s)\b"
)


def _subject(sentence: str) -> str | None:
    """The sentence's subject when it is a name at its start ("Mexico", "The Senate")."""
    spans = name_spans(sentence)
    if not spans:
        return None
    first = spans[0]
    start = sentence.replace("’", "'").find(first)
    if start not in (0, 4) or (start == 4 and not sentence.startswith("The ")):
        return None
    after = sentence[start + len(first) :]
    return first if _VERBISH.match(after) else None


def wrong_subject(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """The fact attached to the wrong subject: another sentence's subject (else another
    name of the sources) takes this sentence's."""
    subject = _subject(sentence)
    if subject is None:
        return None
    subjects = {
        s
        for s in (_subject(t) for t in (*ctx.own, *ctx.others))
        if s and s.lower() not in sentence.lower() and _someone_else(subject, s)
    }
    pool = sorted(subjects) or _other_names(sentence, (*ctx.own, *ctx.others), subject)
    if not pool:
        return None
    start, end = _span_of(sentence, subject)
    if start == 4:  # "The Senate" -> "Google", not "The Google"
        start = 0
    return splice(sentence, start, end, rng.choice(pool))


def false_relation(sentence: str, ctx: Context, rng: random.Random) -> Rewrite | None:
    """Two source sentences fused into a relation no source states ("because", "after", "so")."""
    pool = [s for s in ctx.others if s != sentence] or [s for s in ctx.own if s != sentence]
    pair = joined_with_one_of(sentence, pool, rng)
    if pair is None:
        return None
    a, b, other = pair
    word = rng.choice(_CONNECTIVES)
    return Rewrite(f"{a}, so {b}" if word == "so" else f"{a} {word} {b}", (other,))


def invented(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A sentence of an unrelated story, cited as if this story's sources said it."""
    return rng.choice(ctx.foreign) if ctx.foreign else None


PERTURBATIONS: dict[str, Template] = {
    "negation": text_only(negation_flip),
    "number_from_sources": text_only(number_from_sources),
    "number_new": text_only(number_new),
    "unit": text_only(unit_changed),
    "name": text_only(name_swapped),
    "speaker": text_only(speaker_swapped),
    "date": text_only(date_shifted),
    "relative_date": text_only(relative_date_added),
    "quote": text_only(quote_altered),
    "modality": text_only(modality_changed),
    "comparison": text_only(comparison_flipped),
    "wrong_subject": text_only(wrong_subject),
    "false_relation": false_relation,
    "invented": text_only(invented),
}
