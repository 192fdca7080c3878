"""Faithful rewrite templates: one source sentence in, the same statement in other words.

Clauses reordered, an adjunct dropped, two supported sentences joined with "and" or
"while", "said" -> "told reporters", "five" -> "5", "percent" -> "%": the verifier must
let them pass. Written with ``perturb``'s meaning changes, before the verifier was tuned
against them, and kept fixed (moved here unchanged to keep modules short); what they share
with the meaning changes is in ``perturb_edit``.
"""

from __future__ import annotations

import random
import re

from newsdesk.evaluate.perturb_edit import (
    TITLED_WEEKDAYS,
    Context,
    Rewrite,
    Template,
    is_unquoted,
    joined_with_one_of,
    lower_first,
    splice,
    text_only,
    unquoted_matches,
)

__all__ = ["FAITHFUL"]

_SPELLED = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
    if i >= 2
}
_SPELLED_WORD = re.compile(r"(?<![\w-])(" + "|".join(_SPELLED) + r")(?![\w-])", re.I)
_LEADING_CLAUSE = re.compile(
    r"^(On|In|At|After|Before|During|Since|Earlier|Later|Last|This|Following|Amid|Despite|"
    r"Under|With|As) ([^,\"“”]{2,60}), (?P<rest>.+?)(?P<end>[.!?])$"
)
_TRAILING_ATTRIBUTION = re.compile(
    r"^(?P<claim>[^\"“”]{20,}), (?P<who>(?:the |a |an )?[\w’'. -]{2,50}?) "
    r"(?P<verb>said|says|told reporters|reported|wrote|added)(?P<end>[.!?])$"
)
_ADJUNCTS = (
    re.compile(r", (?:who|which|whose) [^,\"“”\d]{3,80},(?= [a-z])"),
    re.compile(
        r" on (?:" + "|".join(TITLED_WEEKDAYS) + r")(?: (?:morning|afternoon|evening|night))?"
        r"(?=[ ,.;:])(?! (?:morning|afternoon|evening|night))"
    ),
    re.compile(r" in a (?:statement|tweet|post|interview|letter|press release)(?=[ ,.])"),
    re.compile(r" on (?:Twitter|Facebook|social media|X)(?=[ ,.])"),
    re.compile(r"^(?:On|In|At|During|Earlier|Later) [^,\"“”]{2,40}, "),
    re.compile(r" (?:also|already|recently|officially|publicly|formally)(?= [a-z])"),
)


def verbatim(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """The source sentence itself (what the extractive writer publishes)."""
    return sentence


def clauses_reordered(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A leading clause moved to the end, or a trailing attribution moved to the front."""
    m = _LEADING_CLAUSE.match(sentence)
    if (
        m
        and is_unquoted(sentence, 0, len(sentence))
        and not re.match(r"(?:and|or|but) ", m["rest"])
    ):
        rest = m.group("rest")
        rest = rest[:1].upper() + rest[1:]
        return f"{rest} {m.group(1).lower()} {m.group(2)}{m.group('end')}"
    t = _TRAILING_ATTRIBUTION.match(sentence)
    if t:
        who = t.group("who")
        who = who[:1].upper() + who[1:]
        return f"{who} {t.group('verb')} {lower_first(t.group('claim'))}{t.group('end')}"
    return None


def adjunct_dropped(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A non-restrictive clause, a day, "in a statement", "on Twitter", an opening
    phrase or an adverb such as "also" left out."""
    order = list(_ADJUNCTS)
    rng.shuffle(order)
    for pattern in order:
        spots = unquoted_matches(pattern, sentence)
        if spots:
            m = spots[0]
            out = splice(
                sentence,
                m.start(),
                m.end(),
                "," if m.group().endswith(",") and m.group().startswith(",") else "",
            )
            out = out.replace(",,", ",").strip()
            if m.start() == 0:
                out = out[:1].upper() + out[1:]
            return out if len(out.split()) >= 5 else None
    return None


def merged(sentence: str, ctx: Context, rng: random.Random) -> Rewrite | None:
    """Two supported sentences joined with "and" or "while"."""
    pool = [s for s in (*ctx.others, *ctx.own) if s != sentence]
    pair = joined_with_one_of(sentence, pool, rng)
    if pair is None:
        return None
    a, b, other = pair
    return Rewrite(f"{a} and {b}" if rng.random() < 0.5 else f"{a}, while {b}", (other,))


def said_told_reporters(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """ "said" -> "told reporters"."""
    for m in unquoted_matches(re.compile(r"\bsaid\b(?! to\b)"), sentence):
        return splice(sentence, m.start(), m.end(), "told reporters")
    return None


def number_in_digits(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """A number in words written in digits ("five" -> "5")."""
    for m in unquoted_matches(_SPELLED_WORD, sentence):
        return splice(sentence, m.start(), m.end(), _SPELLED[m.group().lower()])
    return None


def percent_sign(sentence: str, ctx: Context, rng: random.Random) -> str | None:
    """ "percent" -> "%" (and "%" -> " percent")."""
    for m in unquoted_matches(re.compile(r"(?<=\d) (?:percent|per cent)\b"), sentence):
        return splice(sentence, m.start(), m.end(), "%")
    for m in unquoted_matches(re.compile(r"(?<=\d)%"), sentence):
        return splice(sentence, m.start(), m.end(), " percent")
    return None


FAITHFUL: dict[str, Template] = {
    "verbatim": text_only(verbatim, unchanged=True),
    "reordered": text_only(clauses_reordered),
    "adjunct_dropped": text_only(adjunct_dropped),
    "merged": merged,
    "told_reporters": text_only(said_told_reporters),
    "digits": text_only(number_in_digits),
    "percent_sign": text_only(percent_sign),
}
