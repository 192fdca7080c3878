"""Does one unit of support say what a claim says? The checks, one reason each.

``problems(claim, unit, evidence)`` compares a claim with one sentence (or pronoun
passage) of a cited article and returns what the sentence does not support, each with a
machine-readable reason (``REASONS``). ``support.py`` picks the units to try.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsdesk.text import COMMON_WORDS, stem
from newsdesk.verify.evidence import PRONOUNS, Evidence, Unit, resolved_dates
from newsdesk.verify.parse import (
    ATTRIBUTION_WORDS,
    MONTHS,
    WEEKDAYS,
    Cue,
    Figure,
    Parsed,
    Token,
    is_function,
    is_say,
    opens,
)

REASONS = (
    "unsupported",  # words that the cited sentences do not have
    "name",  # a name that they do not have
    "role",  # a name they have, doing something else
    "speaker",  # a quotation or statement given to someone else
    "number",  # a figure they do not state
    "unit",  # a figure with another unit, or counting something else
    "comparison",  # more than / less than, largest / smallest, first / last
    "date",  # a weekday, date or relative date they do not state
    "quote",  # quoted words that are not theirs verbatim
    "negation",  # not, never, denied, failed to: added or dropped
    "modality",  # will / may / could, reportedly: changed, added or dropped
    "relation",  # because, after, so: a relation no source states
    "no_source",  # the sentence cites nothing
    "outside_story",  # it cites an article that is not the story's
)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})
_ALIASES = {"us": ("united", "states"), "uk": ("united", "kingdom"), "un": ("united", "nations")}
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


@dataclass(frozen=True, slots=True)
class Problem:
    """One claim a sentence makes that its support does not."""

    reason: str  # one of REASONS
    detail: str

    def __str__(self) -> str:
        return f"{self.reason} {self.detail}".strip()


def _span_text(tokens: tuple[Token, ...], span: tuple[int, int]) -> str:
    return " ".join(t.text.rstrip(".,") for t in tokens[span[0] : span[1]])


# Words too common to tell one place in a sentence from another.
_GENERIC = frozenset({"the", "a", "an", "and", "or", "of", "'s"})


def _key(token: Token) -> str | None:
    """How a neighbouring token is compared: "SAY" for a verb of saying, a figure by its
    value, a word by its stem; None for generic words (skipped) and "|" for a mark."""
    if token.kind == "punct":
        return "|"
    if token.kind == "num":
        return f"#{token.value:g}"
    if is_say(token.low) or token.low == "according":
        return "SAY"
    if token.low in _GENERIC:
        return None
    return token.stem if not is_function(token.low) else token.low


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
        if key is None or (content and key == token.low and is_function(key)):
            continue
        out.append(key)
    return out if len(out) == n else [*out, ""]


def _capital(token: Token) -> bool:
    """A capitalised word that may belong to a name: "New" in "New York" does, "The" and
    "He" do not (nor "In" opening a sentence, which names never see: see ``parse``)."""
    if token.kind != "word" or not token.cap or _is_date_word(token):
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


def _name_problems(claim: Parsed, unit: Unit, evidence: Evidence) -> list[Problem]:
    out: list[Problem] = []
    toks = claim.tokens
    first = _first_word(toks)
    for span in claim.names:
        words = [
            t
            for i, t in enumerate(toks[span[0] : span[1]], span[0])
            if _is_name_word(t)
            and not (t.low in COMMON_WORDS and t.text[1:].islower())
            and not (i == first and _lower_in(unit, t))
        ]
        if not words or all(_is_date_word(t) for t in words):
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
            if _is_name_word(t) and i != first
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
        if subject.low in _PRONOUN_SUBJECTS or _is_name_word(subject):
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


def _is_name_word(token: Token) -> bool:
    """A word of a name that must be found: not "The" or "Mr."; "US" is one."""
    return _capital(token) and token.low not in _HONORIFICS


def _is_date_word(token: Token) -> bool:
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
            found.append(
                _Occurrence(
                    frozenset(x.low for x in toks[start:end] if _is_name_word(x)) | {t.low},
                    tuple(_side(toks, start - 1, -1, 3, content=True, cross=True)),
                    tuple(_side(toks, end, 1, 3, content=True, cross=True)),
                    _says(toks, (start, end)),
                    not _side(toks, start - 1, -1, 1, content=True, cross=True)[0],
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
        if _capital(t) and not _is_date_word(t):
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
    if not stated.counts or figure.counts[0] == stated.counts[0]:
        return True
    if stated.counts[1:2] == figure.counts[:1]:
        return True  # "two flights" for "two similar flights"
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


def _cue_problems(claim: Parsed, unit: Unit, symmetric: bool = True) -> list[Problem]:
    out: list[Problem] = []
    used: set[tuple[int, int]] = set()  # each source cue answers one claim cue
    for cue in claim.cues:
        adverb = cue.kind == "relation" or cue.group in ("first", "last")
        if adverb and _ends(claim, cue.index):
            continue  # "the day before.", "at long last.": an adverb, nothing it relates
        # ("traded 2% lower." still compares)
        match = None
        for p_index, part in enumerate(unit.parts):
            keys = _keys(part)
            for other in part.cues:
                if (p_index, other.index) in used or not _cue_matches(cue, other):
                    continue
                # A relation holds between the same two things, the words on both sides
                # ("Y after X" is "After X, Y").
                if cue.kind == "relation" and cue.before and cue.before not in keys:
                    continue
                match = (p_index, other.index)
                break
            if match:
                break
        if match:
            used.add(match)
        else:
            out.append(Problem(cue.kind, claim.tokens[cue.index].low))
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
            and not _is_date_word(t)
        }
    novel = wanted - unit.stems - _LIGHT_VERB_STEMS - _REPORTING_STEMS
    if novel and evidence.meta_lows & claim.lows:
        novel = {w for w in novel if w not in _ATTRIBUTION_STEMS}
    if not novel:
        return []
    # A headline's capitalised words that are a name's in the source: a name missing.
    named = {t.stem: t.text for t in claim.tokens if t.kind == "word" and _is_name_word(t)}
    missing = [Problem("name", named[w]) for w in sorted(novel) if headline and w in named]
    rest = sorted(w for w in novel if not (headline and w in named))
    return missing + ([Problem("unsupported", " ".join(rest))] if rest else [])


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
    found += [] if headline else _name_problems(claim, unit, evidence)
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
