"""A story and not a pile: each fact once, references that resolve, context last, and
one attributed line where outlets give different figures.

* ``same_fact``: two sentences that tell one fact, by their figures and words (a shared
  figure and three more shared words, one count of one counted thing, one death toll,
  one action on two weekdays, or most words of the shorter one where their figures do
  not differ), whoever's words they are;
* ``same_action``: two sentences that tell one action of one actor in other words ("Ron
  DeSantis ... signed a bill" and "Governor Ron DeSantis signed a law"): a shared name,
  a shared action (a news verb or the noun of its form, not a verb of saying) and one
  more shared word, or the action and four more shared words where the actor is named
  otherwise ("The Pentagon ... canceling all border wall construction projects" and "The
  Department of Defense ... cancelling the construction of parts of ... border wall");
* ``reference``: the noun of an opening definite reference ("The exchange killed ...")
  that the source introduced earlier: such a sentence needs that noun before it in our
  text too, or it points at nothing;
* ``surname_reference``: a name given alone ("tweeted Italiano") that the source gave
  in full before: the full name must come first in our text too;
* ``with_date``: the lead's "on Wednesday" given its date ("on Wednesday, June 16,"),
  read on its article's publication day as the verifier reads it;
* ``is_context``: background (earlier years, "last year", "previously"), told last;
* ``disagreement`` (from ``write.counts``): two outlets' different figures for one
  counted thing in sentences that otherwise tell the same fact ("28 Palestinians" and
  "26 people who died"), told once with attribution instead of printed side by side.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from newsdesk.text import TITLE_WORDS, names, numbers, stem
from newsdesk.text.days import (
    MONTH_DAY,
    MONTHS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    undated_relative_day,
    weekday_date,
)
from newsdesk.text.sentences import QUOTED_SPAN
from newsdesk.text.statements import verb_bases
from newsdesk.write.counts import COUNT_WRITTEN, SHARED_WORDS, counts, same_toll, word_stems
from newsdesk.write.counts import Disagreement as Disagreement
from newsdesk.write.counts import disagreement as disagreement

MOST_WORDS = 0.6  # share of the shorter sentence's words that makes it a repeat
OBJECT_WORDS = 2  # more shared words that make one action when no name is shared
_CONTEXT = re.compile(
    r"\b(?:last (?:year|month|decade)|previously|in the past|years? ago|decades? ago|"
    r"since (?:19|20)\d\d|in (?:19|20)\d\d|earlier this (?:year|month)|has long|had long|"
    r"history|first introduced|originally)\b",
    re.I,
)
_DEFINITE = re.compile(r"^The ([a-z][a-z-]+)(?: ([a-z][a-z-]+))?\b")


@lru_cache(maxsize=8192)
def figures(text: str) -> frozenset[tuple[float, str]]:
    """The salient figures of a sentence: not years, not single digits."""
    return frozenset(
        (value, kind)
        for value, kind in numbers(text)
        if kind or "." in str(value).rstrip("0").rstrip(".") or 10 <= value < 1900 or value > 2100
    )


def _digits(value: float) -> int:
    """Significant digits of a figure as written: 9.2 million -> 2, 373,000 -> 3."""
    text = f"{value:.6g}".split("e")[0].replace(".", "").strip("0")
    return max(1, len(text))


def _round(value: float, digits: int) -> float:
    """``value`` to ``digits`` significant digits, halves up ("22.5" is 23, not 22)."""
    exact = Decimal(repr(value))
    return float(
        exact.scaleb(-exact.adjusted())
        .quantize(Decimal(10) ** (1 - digits), ROUND_HALF_UP)
        .scaleb(exact.adjusted())
    )


def _cut(value: float, digits: int) -> float:
    exact = Decimal(repr(value))
    scale = Decimal(10) ** (exact.adjusted() + 1 - digits)
    return float((exact / scale).to_integral_value(ROUND_DOWN) * scale)


def agree_rounded(x: tuple[float, str], y: tuple[float, str]) -> bool:
    """Whether two figures are one figure told at two precisions ("9.21 million" and
    "9.2 million"; "99" and "100" within 2%)."""
    (a, kind_a), (b, kind_b) = x, y
    if kind_a != kind_b or a <= 0 or b <= 0:
        return a == b and kind_a == kind_b
    digits = min(_digits(a), _digits(b))
    low, high = sorted((a, b), key=_digits)
    # Rounded, or cut as "more than 188,000" cuts 188,829.
    if _round(high, digits) != low and (digits < 3 or _cut(high, digits) != low):
        return False
    return digits >= 2 or abs(a - b) <= 0.02 * max(a, b)


def _shared_large(a: str, b: str) -> bool:
    return any(
        agree_rounded(x, y) and x[0] >= 1000 and _measure(x) for x in figures(a) for y in figures(b)
    )


def _shared_figure(a: str, b: str) -> bool:
    return any(agree_rounded(x, y) for x in figures(a) for y in figures(b))


# A sentence's attribution ("..., the Labor Department said Wednesday", "according to
# the Labor Department"): who told it is not what it tells.
_ATTRIBUTION = re.compile(
    r"\baccording to (?:the )?(?:[A-Z][\w.’'&-]*\s?)+"
    r"|(?:,\s*+|\b)(?:the )?(?:[A-Z][\w.’'&-]{0,40}+\s){0,4}(?:officials? |authorities )?"
    r"(?:said|says|reported|reports|announced)\b(?: on)?(?: \w+day)?(?=[,.;]|$)"
)


@lru_cache(maxsize=8192)
def _told_words(text: str) -> frozenset[str]:
    """A sentence's words less its attribution and its dates."""
    return word_stems(_ATTRIBUTION.sub(" ", text)) - _NOT_ACTOR_STEMS


def _measure(figure: tuple[float, str]) -> bool:
    """A figure that measures something ("9.2 million", "4.2%", "$26 billion"), not a
    small whole number that may be part of a name ("COVID-19", "22-page")."""
    value, kind = figure
    return bool(kind) or value >= 1000 or value != int(value)


def _within(a: str, b: str) -> bool:
    """Whether every measure of ``a`` agrees with one of ``b``."""
    return all(any(agree_rounded(x, y) for y in figures(b)) for x in figures(a) if _measure(x))


def _other_measures(a: str, b: str) -> bool:
    """Whether each sentence gives a measure and none agrees with the other's: "The
    prior week was revised up to 478,000" and "The 4-week moving average ... fell to
    504,750" share their words about weeks, not a fact."""
    ma = [x for x in figures(a) if _measure(x)]
    mb = [y for y in figures(b) if _measure(y)]
    return bool(ma and mb) and not any(agree_rounded(x, y) for x in ma for y in mb)


def same_fact(a: str, b: str) -> bool:
    """Whether two sentences tell one fact (see the module docstring)."""
    wa, wb = word_stems(a), word_stems(b)
    if not wa or not wb:
        return False
    shared = len(wa & wb)
    if shared >= SHARED_WORDS and _shared_figure(a, b):
        return True
    # A precise figure, given again at another precision and with no other figure of its
    # own: "rose slightly to 9.21 million, from 9.19 million" and "Openings reached 9.2
    # million, according to the Labor Department".
    precise = any(
        agree_rounded(x, y) and min(_digits(x[0]), _digits(y[0])) >= 2 and _measure(x)
        for x in figures(a)
        for y in figures(b)
    )
    if precise and (_within(a, b) or _within(b, a)) and _told_words(a) & _told_words(b):
        return True
    # One count of one thing is one fact, in any words around it: "over 600,000 deaths
    # attributed to coronavirus" and "will surpass 600,000 deaths from Covid-19".
    mine, theirs = counts(a), counts(b)
    if any(thing in theirs and theirs[thing][1] == value for thing, (_, value, _) in mine.items()):
        return True
    if shared >= 2 and same_toll(a, b):
        return True
    # A large figure told again with nothing new beside it: "The consensus number from
    # analysts polled by Refinitiv was 700,000." after "..., with the consensus among
    # economists being that 700,000 jobs would be added".
    if shared >= 2 and (_within(a, b) or _within(b, a)) and _shared_large(a, b):
        return True
    if _told_otherwise(a, b) or _told_otherwise(b, a):
        return True
    if shared / min(len(wa), len(wb)) >= MOST_WORDS and not _other_measures(a, b):
        return True
    # The same, less who told it and when: "..., the Labor Department said Wednesday"
    # is no fact of its own; two different figures are two facts.
    ta, tb = _told_words(a), _told_words(b)
    if min(len(ta), len(tb)) < SHARED_WORDS + 1 or not (_within(a, b) and _within(b, a)):
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= MOST_WORDS


_WEEKDAY_WORD = re.compile(rf"\b({WEEKDAY_NAMES})\b")


def _told_otherwise(a: str, b: str) -> bool:
    """Whether ``b`` tells ``a``'s action again on another weekday: "Twitter suspended
    an account on Thursday" and "By late Wednesday night, the account had been
    suspended" (two days for one suspension). One of the two is wrong, and told beside
    each other neither can be trusted: the first told stands.
    """
    (verbs_a, actions_a), (verbs_b, actions_b) = events(a), events(b)
    common = actions_a & actions_b
    if not common:
        return False
    days_a, days_b = set(_WEEKDAY_WORD.findall(a)), set(_WEEKDAY_WORD.findall(b))
    if not days_a or not days_b or days_a & days_b:
        return False
    # One thing acted on ("the account"), no one new: b's names are a's.
    objects = word_stems(a) & word_stems(b) - (verbs_a | verbs_b) - _NOT_ACTOR_STEMS
    return bool(objects) and _named(b) <= _named(a) and _values(b) <= _values(a)


@lru_cache(maxsize=8192)
def _named(text: str) -> frozenset[str]:
    """The words of a sentence's names, titles and bodies too ("the House", "the
    Senate"), less days and months."""
    return frozenset(
        w.lower().rstrip(".")
        for span in names(text)
        for w in span.split()
        if w.lower() not in _DAYS_AND_MONTHS
    )


# Verbs that tell no action of their own: saying, being, wanting, and those so common
# that two sentences sharing one say nothing about telling the same thing.
_NO_ACTION = frozenset(
    """say tell report announce add note claim ask call show see look think want need make
    get take give keep go come set put hold include continue remain become begin start help
    follow expect work turn move bring find plan mark lead face seek try stand stay run open
    end hope fear worry allow require consider describe explain appear issue deal test rule
    order talk trade cost count cover post press name head top hand support mean know leave
    write receive provide create use pay reach return tweet""".split()
)
_DAYS_AND_MONTHS = frozenset(WEEKDAYS + MONTHS)
_NOT_ACTORS = _DAYS_AND_MONTHS | TITLE_WORDS
_NOT_ACTOR_STEMS = frozenset(stem(w) for w in _NOT_ACTORS)


# One action, told with another verb: "won", "defeated" and "prevailed" are one win;
# "agreed to a deal", "struck a deal" and "announced an agreement" are one agreement.
_SAME_ACTION = {
    "defeat": "win",
    "beat": "win",
    "prevail": "win",
    "dismiss": "reject",
    # a bill: "passed a bill" and "approved legislation"; "blocked" and "sunk" a bill
    "approve": "pass",
    "sink": "block",
    # a post: "elevated Stefanik to replace Cheney" and "voted to elect Stefanik"
    "elevate": "elect",
}
# Reporting taken back: "retracting earlier reporting" and "walked back their reporting".
_WALKED_BACK = re.compile(r"\bwalk(?:ed|s|ing)? back\b")
# A deal made, not one spoken of ("return to the 2015 nuclear deal"): an agreement.
_DEAL_MADE = re.compile(
    r"\b(?:str(?:uck|ike|ikes)|reach(?:ed|es)?|clinch(?:ed|es)?|seal(?:ed|s)?|"
    r"broker(?:ed|s)?|ha(?:ve|s|d)|agreed to|announc(?:ed|es|e))\s+(?:[\w-]+\s+){0,4}?deal\b"
)
# Actions told by a noun or a verb outside the news-verb list, by stem: "declare formal
# recognition" and "formally recognized" are one recognition.
_EVENT_WORDS = {
    stem(word): action
    for action, words in {
        "agree": "agreement agreements",
        "recognize": "recognize recognizes recognized recognizing recognise recognises "
        "recognised recognition",
        "collapse": "collapse collapses collapsed collapsing",
        "approve": "approval",
        "resign": "resignation",
        "indict": "indictment",
        "nominate": "nomination",
        "acquire": "acquire acquires acquired acquisition",
    }.items()
    for word in words.split()
}


# The lower-case words that may be one of them (stemmed only when they start so).
_EVENT_FORMS = re.compile(
    r"\b(?:agreement|recogni|collaps|approval|resignation|indictment|nomination|acqui)[a-z]*"
)


@lru_cache(maxsize=8192)
def events(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of a sentence's news verbs and event nouns, and the actions they tell
    ("struck a deal" and "agreement" are one "agree"; verbs of saying tell none)."""
    bases = dict(verb_bases(text))
    for word in _EVENT_FORMS.findall(text):
        action = _EVENT_WORDS.get(stem(word))
        if action:
            bases[stem(word)] = action
    actions = {_SAME_ACTION.get(b, b) for b in bases.values()} - _NO_ACTION
    if _DEAL_MADE.search(text):
        actions.add("agree")
    if _WALKED_BACK.search(text):
        actions.add("retract")
    return frozenset(bases), frozenset(actions)


@lru_cache(maxsize=8192)
def _values(text: str) -> frozenset[float]:
    return frozenset(value for value, _ in numbers(text))


@lru_cache(maxsize=8192)
def _actors(text: str) -> frozenset[str]:
    return frozenset(
        stem(w.lower())
        for span in names(text)
        for w in span.split()
        if w.lower().rstrip(".") not in _NOT_ACTORS
    )


# A count before a noun: "ten senators", "5 Democrats" (not a year: "2020 election").
_COUNT_OF = re.compile(
    rf"\b(?!(?:1[89]|20)\d\d\b)({COUNT_WRITTEN})\s+([a-z][a-z-]+)\b",
    re.I,
)


# A span or a measure is a fact of its own ("for at least five years"), not a count of
# whom the first telling named.
_MEASURE = re.compile(
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|percent|"
    r"points?|miles?|feet|inches|pounds|tons|acres|degrees|times|dollars|cents|votes?)"
)


def _counts_of_named(a: str, b: str) -> frozenset[float]:
    """The figures of ``b`` that only count whom ``a`` already named ("a plan spearheaded
    by ten senators" after "a deal ... with a bipartisan group of senators"): a detail of
    the same telling, not a figure of its own."""
    told = word_stems(a)
    return frozenset(
        value
        for m in _COUNT_OF.finditer(b)
        if stem(m.group(2).lower()) in told and not _MEASURE.fullmatch(m.group(2).lower())
        for value, _ in numbers(m.group(1))
    )


# A span that places the action in time ("two days after the group ousted Rep. Liz
# Cheney", "Capping nearly two weeks of talks"): when, not a figure of its own.
_WHEN_SPAN = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?|months?)\s+"
    r"(?:after|before|earlier|later|ago|of (?:talks|negotiations|debate|wrangling))\b",
    re.I,
)


def _when_told(text: str) -> frozenset[float]:
    return frozenset(value for m in _WHEN_SPAN.finditer(text) for value, _ in numbers(m.group(1)))


def same_action(a: str, b: str, more: int = 2, *, unnamed: bool = True) -> bool:
    """Whether ``b`` tells again the action of one actor that ``a`` told (see the module
    docstring), and adds no figure of its own.

    "DeSantis signed a bill ..." and "DeSantis signed a law ..." are one signing;
    "Biden signed the infrastructure bill" and "Biden signed an executive order" share
    only the actor and the verb, and are two.

    Args:
        a: a sentence told first.
        b: one told after it.
        more: how many shared words besides the names of titles, dates and the verbs
            it takes (names of the actor count).
        unnamed: also when no name is shared, by ``OBJECT_WORDS`` more shared words.
    """
    (verbs_a, actions_a), (verbs_b, actions_b) = events(a), events(b)
    if not actions_a & actions_b:
        return False
    if _values(b) - _values(a) - _counts_of_named(a, b) - _when_told(b):
        return False  # the later telling adds a figure ("at least four U.S. embassies")
    verbs = verbs_a | verbs_b
    shared = (word_stems(a) & word_stems(b)) - verbs - _NOT_ACTOR_STEMS
    if _actors(a) & _actors(b):
        return len(shared) >= more
    if not unnamed:
        return False
    # The actor named otherwise ("The Pentagon" and "The US Department of Defense"):
    # what was acted on tells it is one action.
    return len(shared) >= more + OBJECT_WORDS


def is_context(text: str) -> bool:
    """Whether a sentence is background rather than the news."""
    return bool(_CONTEXT.search(text))


def reference(text: str, before: Collection[str]) -> str:
    """The stem of an opening "The <noun>" that ``before`` (the source's earlier words) holds.

    Args:
        text: a sentence.
        before: the stems of its article's sentences before it.

    Returns:
        The noun's stem when the sentence points back at it, else "".
    """
    match = _DEFINITE.match(text)
    if match is None:
        return ""
    for word in match.groups():
        if word and stem(word) in before:
            return stem(word)
    return ""


def surname_reference(text: str, surnames: Collection[str]) -> str:
    """The stem of a name that ``text`` gives alone and its source gave in full before
    ("..., tweeted Italiano." after "Laura Italiano"): the reader needs the full name
    first, so such a sentence needs that name before it in our text.

    Args:
        text: a sentence.
        surnames: the lower-case last words of the names of two or more words in its
            article's sentences before it.

    Returns:
        The name's stem, or "" when every name is given in full or is new.
    """
    spans = [span.split() for span in names(text)]
    full = {span[-1].lower() for span in spans if len(span) > 1}
    for span in spans:
        word = span[0].lower()
        if len(span) == 1 and word in surnames and word not in full:
            return stem(word)
    return ""


# AP style: these months are abbreviated before a day; the others are spelt out.
_AP_MONTHS = "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split()
# A weekday to date: not a possessive, a part of the day or one already dated beside it
# ("Tuesday, Oct. 19").
_WEEKDAY = re.compile(
    rf"\b({WEEKDAY_NAMES})\b(?![’'](?:s\b))"
    rf"(?!,? (?:morning|afternoon|evening|night|\d|{MONTH_DAY}))"
)
# Days a date cannot be put beside in AP style: a weekday's part ("Tuesday night") and
# "this week(end)".
_UNDATABLE = re.compile(
    rf"\b(?:(?:{WEEKDAY_NAMES}) (?:night|morning|afternoon|evening)|this (?:week|weekend))\b",
    re.I,
)
# A weekday to come: no date is added.
_NO_DATE = re.compile(r"\b(?:will|would|next|coming|expected|plans?|set to|scheduled|upcoming)")


# A verb that tells the sentence's event as done: "said", "was found", "voted".
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|met|won|lost|held|made|took|gave|"
    r"came|went|sent|found|left|brought|began|spoke|wrote|[a-z]{2,}ed)\b"
)


def with_date(text: str, published: date | None) -> str:
    """``text`` with the date of its first weekday added in AP style ("on Friday, June 25,
    announced"), the weekday read by ``weekday_date`` on ``published`` (its article's
    publication day); unchanged when the sentence speaks of days to come, already gives
    a date, has no publication day, or its tense contradicts the day: as done ("was
    found dead ... Wednesday") a day after its article's, or not as done ("takes place
    Tuesday") one before. No date is better than one a week early.
    """
    if published is None or _NO_DATE.search(text):
        return text
    match = _WEEKDAY.search(text)
    if match is None:
        return text
    day = weekday_date(match.group(1), published)
    past = bool(_PAST.search(QUOTED_SPAN.sub(" ", text)))
    if (day > published and past) or (day < published and not past):
        return text  # "was found dead Wednesday" a day ahead; "takes place Tuesday" behind
    stamp = f"{match.group(1)}, {_AP_MONTHS[day.month - 1]} {day.day}"
    rest = text[match.end() :]
    if rest.startswith((",", ".", ";", " —", " -")):
        return text[: match.start()] + stamp + rest
    return text[: match.start()] + stamp + "," + rest


def dated_or_none(text: str, published: date | None) -> str | None:
    """``text`` where every day it names is clear out of its article's context: a
    weekday dated (``with_date``, on or before ``published``), a sentence that names
    none as it is; None where it names a day relative to the writing ("last night") or a
    weekday that cannot be dated so."""
    if undated_relative_day(text) or _UNDATABLE.search(text):
        return None
    match = _WEEKDAY.search(text)
    if match is None:
        return text
    dated = with_date(text, published)
    if dated == text:
        return None
    if published is not None and weekday_date(match.group(1), published) > published:
        return None
    return dated
