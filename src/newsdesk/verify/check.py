"""Does one unit of support say what a claim says? The checks, one reason each.

``problems(claim, unit, evidence)`` compares a claim with one sentence (or pronoun
passage) of a cited article and returns what the sentence does not support, each with a
machine-readable reason (``REASONS``): names and roles (``roles``), figures with what
they count, dates, quotes, cues (negation, modality, relations, comparisons) and the
words themselves. ``support.py`` picks the units to try.
"""

from __future__ import annotations

from collections import Counter

from newsdesk.text import COMMON_WORDS, stem
from newsdesk.text.days import WEEKDAYS
from newsdesk.verify.evidence import Evidence, Unit, resolved_dates
from newsdesk.verify.lexicon import ATTRIBUTION_WORDS
from newsdesk.verify.parse import Cue, Figure, Parsed, is_function
from newsdesk.verify.reasons import REASONS, Problem
from newsdesk.verify.roles import is_date_word, is_name_word, name_problems

__all__ = ["REASONS", "Problem", "missing_words", "problems", "supported_by"]

_SYMMETRIC = frozenset({"negation", "modality"})
_ATTRIBUTION_STEMS = frozenset(stem(w) for w in ATTRIBUTION_WORDS)
# Nouns and verbs that attribute without naming ("one report put the total at ...",
# "another outlet reported"): what they attribute must still be in the sentence.
_REPORTING_STEMS = frozenset(stem(w) for w in "outlet outlets report reports put".split())
# Verbs that carry little of a claim ("two flights went to Guatemala" for "made two
# flights to Guatemala").
_LIGHT_VERB_STEMS = frozenset(
    stem(w) for w in "go goes went gone going make makes made making take takes took taken".split()
)


def _figure_problems(claim: Parsed, unit: Unit) -> list[Problem]:
    out: list[Problem] = []
    have = [f for p in unit.parts for f in p.figures]
    wanted = Counter(f.value for f in claim.figures)
    stated = Counter(f.value for f in have)
    for figure in claim.figures:
        label = f"{figure.value:g}" + ({"percent": "%"}.get(figure.unit) or "")
        reason = "date" if figure.date else "number"
        same = [f for f in have if abs(f.value - figure.value) <= 1e-9 * max(1.0, f.value)]
        if not same:
            if not figure.date:  # a date is the date check's
                out.append(Problem("number", label))
            continue
        same_unit = [f for f in same if f.unit == figure.unit]
        if not same_unit:
            out.append(Problem("unit", label))
        elif figure.counts and not any(_counts_same(claim, figure, f) for f in same_unit):
            out.append(Problem("unit", f"{label} {figure.counts[0]}"))
        elif not any(f.qualifier == figure.qualifier for f in same_unit):
            out.append(Problem("comparison", f"{figure.qualifier or 'exactly'} {label}"))
        elif wanted[figure.value] > stated[figure.value]:
            out.append(Problem(reason, f"{label} x{wanted[figure.value]}"))
    return out


def _counts_same(claim: Parsed, figure: Figure, stated: Figure) -> bool:
    """The figure counts what the source's counts: the same word after it, or the
    source's word just before it in the claim ("tariffs of 25%" for "25 percent tariffs")."""
    if not stated.counts:  # "up 80." counts no "80 migrants"; a year counts nothing
        return figure.date or not figure.counts
    if figure.counts[0] == stated.counts[0]:
        return True
    if stated.counts[1:2] == figure.counts[:1] and figure.counts[1:2] != stated.counts[1:2]:
        return True  # "two flights" for "two similar flights" (not "2020 election election")
    before = {t.stem for t in claim.tokens[max(0, figure.index - 3) : figure.index]}
    return stated.counts[0] in before


def _date_problems(claim: Parsed, unit: Unit, evidence: Evidence) -> list[Problem]:
    # A day named twice where the source names it once is given to a second event.
    stated = Counter(w for p in unit.parts for w in _day_words(p))
    twice = [
        Problem("date", f"{w} x{n}")
        for w, n in Counter(_day_words(claim)).items()
        if n > stated[w] and stated[w]
    ]
    return twice + _missing_dates(claim, unit, evidence)


def _day_words(parsed: Parsed) -> list[str]:
    return [t.low for t in parsed.tokens if t.kind == "word" and t.low in WEEKDAYS]


def _missing_dates(claim: Parsed, unit: Unit, evidence: Evidence) -> list[Problem]:
    missing = set(claim.dates - unit.dates)
    if missing:
        missing -= resolved_dates(unit.dates, evidence.published)
        # A month or year is stated by a full date of the same month or year.
        missing = {
            k
            for k in missing
            if not (k.startswith("mo:") and any(d.startswith(f"md:{k[3:]}-") for d in unit.dates))
        }
    return [Problem("date", k.split(":", 1)[1]) for k in sorted(missing)]


def _quote_problems(claim: Parsed, unit: Unit) -> list[Problem]:
    """Quoted words must be the source's, verbatim; a quote cut short where the claim
    keeps the source's words around it ("would not “bow to” from the mainland" for "“bow
    to pressure” from") is altered."""
    flats = [p.flat for p in unit.parts]
    joined = " ".join(flats)
    out = []
    for quote in claim.quotes:
        if not any(quote.text in f for f in (*flats, joined)):
            out.append(Problem("quote", quote.text))
            continue
        for source in (q for p in unit.parts for q in p.quotes):
            if quote.text == source.text or quote.text not in source.text:
                continue
            cut_end = source.text.startswith(quote.text) and quote.after == source.after
            cut_start = source.text.endswith(quote.text) and quote.before == source.before
            if cut_end or cut_start:
                out.append(Problem("quote", f"cut: {quote.text}"))
                break
    return out


def _cue_matches(cue: Cue, other: Cue) -> bool:
    """The same cue over the same words (or, with nothing after it, after the same word)."""
    if cue.kind != other.kind or cue.group != other.group:
        return False
    if set(cue.after) & set(other.after):
        return True
    return not cue.after and (not other.after or cue.before == other.before)


def _ends(parsed: Parsed, index: int) -> bool:
    """Nothing but "then" or "that" follows token ``index`` ("since then.")."""
    rest = [t for t in parsed.tokens[index + 1 :] if t.kind != "punct"]
    return all(t.low in ("then", "that", "this", "all") for t in rest)


def _keys(parsed: Parsed) -> frozenset[str]:
    return parsed.stems | {f"#{f.value:g}" for f in parsed.figures}


def _cue_options(cue: Cue, unit: Unit) -> list[tuple[int, int]]:
    """The source cues (part, token index) that may answer ``cue``, in reading order."""
    found = []
    for p_index, part in enumerate(unit.parts):
        for other in part.cues:
            if not _cue_matches(cue, other):
                continue
            # A relation holds between the same two things, the words on both sides
            # ("Y after X" is "After X, Y").
            if cue.kind == "relation" and cue.before and cue.before not in _keys(part):
                continue
            found.append((p_index, other.index))
    return found


def _reroute(
    i: int,
    options: list[list[tuple[int, int]]],
    owner: dict[tuple[int, int], int],
    seen: set[tuple[int, int]],
) -> bool:
    """Find claim cue ``i`` a source cue by moving an earlier claim cue to another it may
    take (an augmenting path). "Before X, before Y, Z" read as "Before Y, Z before X": the
    first "before" took the source's first, whose words run on into Y."""
    for option in options[i]:
        if option in seen:
            continue
        seen.add(option)
        if option not in owner or _reroute(owner[option], options, owner, seen):
            owner[option] = i
            return True
    return False


def _cue_problems(claim: Parsed, unit: Unit, symmetric: bool = True) -> list[Problem]:
    out: list[Problem] = []
    options: list[list[tuple[int, int]]] = []
    owner: dict[tuple[int, int], int] = {}  # each source cue answers one claim cue
    for i, cue in enumerate(claim.cues):
        adverb = cue.kind == "relation" or cue.group in ("first", "last")
        if adverb and _ends(claim, cue.index):
            options.append([])
            continue  # "the day before.", "at long last.": an adverb, nothing it relates
        # ("traded 2% lower." still compares)
        options.append(_cue_options(cue, unit))
        free = next((o for o in options[i] if o not in owner), None)
        if free is not None:
            owner[free] = i
        elif not _reroute(i, options, owner, set()):
            out.append(Problem(cue.kind, claim.tokens[cue.index].low))
    used = set(owner)
    if not symmetric:
        return out
    # A negation or modal of the source over words the claim keeps must be in the claim,
    # each by a cue of its own ("not ... without" is not "without").
    keys = _keys(claim)
    for p_index, part in enumerate(unit.parts):
        for other in part.cues:
            if other.kind not in _SYMMETRIC or (p_index, other.index) in used:
                continue
            governs = other.after[0] in keys if other.after else other.before in keys
            if governs and (not other.before or other.before in keys):
                out.append(Problem(other.kind, f"dropped {part.tokens[other.index].low}"))
    return out


def _coverage_problems(
    claim: Parsed, unit: Unit, evidence: Evidence, headline: bool
) -> list[Problem]:
    wanted = set(claim.content)
    if headline:
        in_name = {i for a, b in claim.names for i in range(a, b)}
        wanted |= {
            t.stem
            for i, t in enumerate(claim.tokens)
            if i in in_name
            and t.kind == "word"
            and not is_function(t.low)
            and t.low not in COMMON_WORDS
            and not is_date_word(t)
        }
    novel = wanted - unit.stems - _LIGHT_VERB_STEMS - _REPORTING_STEMS
    if novel and evidence.meta_lows & claim.lows:
        novel = {w for w in novel if w not in _ATTRIBUTION_STEMS}
    if not novel:
        return []
    # A headline's capitalised words that are a name's in the source: a name missing.
    named = {t.stem: t.text for t in claim.tokens if t.kind == "word" and is_name_word(t)}
    missing = [Problem("name", named[w]) for w in sorted(novel) if headline and w in named]
    rest = sorted(w for w in novel if not (headline and w in named))
    return missing + ([Problem("unsupported", " ".join(rest))] if rest else [])


def supported_by(claim: Parsed, unit: Unit, evidence: Evidence) -> bool:
    """Whether ``problems(claim, unit, evidence)`` is empty, cheapest checks first and
    stopping at the first problem (the names and roles, the costliest, last)."""
    return not (
        _coverage_problems(claim, unit, evidence, False) or _lacks_meaning(claim, unit, evidence)
    )


def _lacks_meaning(claim: Parsed, unit: Unit, evidence: Evidence) -> bool:
    """Whether ``unit`` lacks a figure, date, quote, cue, name or role of ``claim``,
    cheapest checks first and stopping at the first problem (the names and roles last)."""
    return bool(
        _figure_problems(claim, unit)
        or _date_problems(claim, unit, evidence)
        or _quote_problems(claim, unit)
        or _cue_problems(claim, unit, symmetric=True)
        or name_problems(claim, unit, evidence)
    )


def missing_words(claim: Parsed, unit: Unit, evidence: Evidence) -> frozenset[str] | None:
    """The stems of ``claim``'s words that ``unit`` lacks where it has every name, role,
    figure, date, quote and cue of it; None where it does not (stopping at the first
    such problem, cheapest first)."""
    if _lacks_meaning(claim, unit, evidence):
        return None
    found = _coverage_problems(claim, unit, evidence, False)
    return frozenset(w for p in found for w in p.detail.split())


def problems(
    claim: Parsed, unit: Unit, evidence: Evidence, headline: bool = False
) -> list[Problem]:
    """What ``claim`` says that ``unit`` (of ``evidence``'s article) does not.

    Args:
        claim: the sentence, parsed.
        unit: a sentence or pronoun passage of a cited article.
        evidence: that article (its outlet and authors count as names; its date
            resolves weekdays and relative dates).
        headline: the claim is a headline: title case, so names are words like any
            other and roles are not read.

    Returns:
        The problems, empty when the unit supports the claim.
    """
    found = _figure_problems(claim, unit)
    found += [] if headline else name_problems(claim, unit, evidence)
    found += _date_problems(claim, unit, evidence)
    found += _quote_problems(claim, unit)
    # A headline is checked against several sentences at once: their cues over words it
    # keeps need not all be in it; its own cues must be theirs.
    found += _cue_problems(claim, unit, symmetric=not headline)
    # Words last: the most telling reason first ("name", "number" before "unsupported").
    coverage = _coverage_problems(claim, unit, evidence, headline)
    return (
        [p for p in coverage if p.reason == "name"]
        + found
        + [p for p in coverage if p.reason != "name"]
    )
