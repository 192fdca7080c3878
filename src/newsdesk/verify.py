"""Verification: every claim of a draft must be found in the articles it cites.

Each sentence is checked against the text of the articles it cites (the headline
against all of the story's articles):

* numbers, by value: 5,000 = 5000 = five thousand = 5 thousand; "$60 billion" is money
  and "25 percent" = "25%" a percentage, and these kinds must match too;
* names of people, places and organisations, days and months: capitalised words (the
  first word of a sentence too, unless it is a common word) must occur in the sources,
  and a two-word personal name ("Claudia Sheinbaum") must occur as written;
* quoted words, verbatim (quote marks and spacing normalised);
* content overlap: at least ``MIN_OVERLAP`` of the sentence's content words (stemmed).

Named entities come from a capitalised-span heuristic rather than a statistical NER
model: no well-kept NER library ships its English model in a registry package here.

An unsupported sentence is dropped; a draft whose headline or summary is unsupported,
or with too little left, is rejected (None) so that the caller falls back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from newsdesk.models import Article, Draft, Sentence, VerifyReport
from newsdesk.write.base import Writer, WriterError, WriterUnavailable
from newsdesk.write.extractive import tokens

log = logging.getLogger(__name__)

MIN_OVERLAP = 0.5  # share of a sentence's content words that its sources must hold
MIN_SENTENCES = 1  # a draft with fewer supported sentences (summary included) is rejected

_UNITS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
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
_CAPITAL = re.compile(r"(?<![\w.$€£])(?:[A-Z](?:\.[A-Z][a-z]?)+\.?|[A-Z][\w’'&-]*\w|[A-Z])")
_QUOTE = re.compile(r"[\"“]([^\"”]{3,})[\"”]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
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
        value *= {"bn": 1e9, "b": 1e9, "m": 1e6, "k": 1e3}.get(unit, _UNITS.get(unit, 1.0))
        kind = "money" if m.group("money") else "percent" if m.group("percent") else ""
        found.add((round(value, 6), kind))
    for m in _WORDS_NUMBER.finditer(text):
        spelled = _words_value(m.group("words"))
        if spelled is not None:
            found.add((round(spelled, 6), "percent" if m.group("percent") else ""))
    return found


def _number_problems(text: str, source: str) -> list[str]:
    have = numbers(source)
    values = {v for v, _ in have}
    problems = []
    for value, kind in sorted(numbers(text)):
        if (value, kind) in have or (not kind and value in values):
            continue
        shown = f"{value:g}" + {"percent": "%", "money": " (money)"}.get(kind, "")
        problems.append(f"number {shown}")
    return problems


def names(text: str) -> list[str]:
    """Capitalised spans that name someone or something (a heuristic NER).

    Args:
        text: a sentence or headline.

    Returns:
        Each span, possessive "'s" removed; a sentence's first word only when it is
        not a common word.
    """
    text = text.translate(_APOSTROPHES)
    spans: list[list[str]] = []
    previous_end = -2
    for m in _CAPITAL.finditer(text):
        raw = m.group()
        if not re.fullmatch(r"[A-Z](?:\.[A-Z][a-z]?)+\.", raw):
            raw = raw.rstrip(".")
        word = raw.removesuffix("'s").rstrip("'")
        if not word:
            continue
        at_start = m.start() == 0 or bool(re.search(r"[.!?:\"(]\s*$", text[: m.start()]))
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


def _contains(haystack: str, needle: str) -> bool:
    # Word boundaries only where the needle itself begins or ends on a word character:
    # "H.R." is found in "H.R.1".
    needle = needle.lower()
    before = r"(?<!\w)" if needle[:1].isalnum() or needle[:1] == "_" else ""
    after = r"(?!\w)" if needle[-1:].isalnum() or needle[-1:] == "_" else ""
    pattern = before + re.escape(needle) + after
    return re.search(pattern, haystack) is not None


def _name_problems(text: str, source: str, headline: bool = False) -> list[str]:
    lowered = _normalise(source).lower()
    lowered_us = lowered.replace("u.s.", "us").replace("u.k.", "uk")
    problems = []
    # In title case every word is capitalised: a headline word may also be another form
    # of a source word ("Rejects" for "rejected"); a name still has to be found.
    stems = tokens(source) if headline else None
    for span in names(text):
        words = span.split()
        for word in words:
            lw = word.lower()
            if lw in COMMON_WORDS or lw in TITLE_WORDS:
                continue
            if _contains(lowered, lw) or _contains(lowered_us, lw.replace(".", "")):
                continue
            if stems is not None and all(t in stems for t in tokens(word)):
                continue
            problems.append(f"name {word}")
        # A personal name must be found as written: "Claudia Trump" is no one's.
        bare = [w for w in words if w.lower() not in TITLE_WORDS and w.lower() not in COMMON_WORDS]
        # Titles come first ("President Claudia Sheinbaum"): the last two words are the name.
        if (
            not headline
            and len(bare) == 2
            and words[-2:] == bare
            and all(w[1:].islower() for w in bare)
        ):
            pair = " ".join(bare)
            if not _contains(lowered, pair.lower()) and not problems:
                problems.append(f"name {pair}")
    return problems


def _normalise(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).split())


def _quote_problems(text: str, source: str) -> list[str]:
    flat = _normalise(source).lower()
    problems = []
    for quoted in _QUOTE.findall(_normalise(text).replace("“", '"').replace("”", '"')):
        words = " ".join(quoted.split()).strip(" ,.").lower()
        if words and words not in flat:
            problems.append(f"quote {quoted!r}")
    return problems


def check_sentence(text: str, sources: Sequence[Article], headline: bool = False) -> list[str]:
    """The claims of ``text`` that its sources do not support (empty: supported).

    Args:
        text: a sentence or headline.
        sources: the articles it cites.
        headline: ``text`` is a headline (title case: every word is capitalised, so
            two capitalised words in a row are not taken for one name).

    Returns:
        One short reason per unsupported claim.
    """
    if not sources:
        return ["no source cited"]
    source = " ".join(f"{a.title}\n{a.text}" for a in sources)
    problems = _number_problems(text, source)
    problems += _name_problems(text, source, headline)
    problems += _quote_problems(text, source)
    words = tokens(text)
    if words:
        known = tokens(source)
        if sum(1 for w in words if w in known) / len(words) < MIN_OVERLAP:
            problems.append("little overlap with its sources")
    return problems


def verify(draft: Draft, articles: Sequence[Article]) -> tuple[Draft | None, VerifyReport]:
    """Drop unsupported sentences; None when the headline or summary fails or too little is left.

    Args:
        draft: a writer's draft.
        articles: the story's articles.

    Returns:
        The grounded draft (or None) and the report: claims checked (headline and each
        sentence), claims supported, the dropped texts and one note per problem.
    """
    by_id = {a.id: a for a in articles}
    checked = supported = 0
    dropped: list[str] = []
    notes: list[str] = []

    def keep(sentence: Sentence) -> bool:
        nonlocal checked, supported
        checked += 1
        cited = [by_id[i] for i in sentence.sources if i in by_id]
        problems = check_sentence(sentence.text, cited) if cited else ["no source cited"]
        if len(cited) < len(sentence.sources):
            problems.append("cites an article outside the story")
        if problems:
            dropped.append(sentence.text)
            notes.append(f"{sentence.text[:60]}: {', '.join(problems)}")
            return False
        supported += 1
        return True

    headline_problems = check_sentence(draft.headline, articles, headline=True)
    checked += 1
    if headline_problems:
        notes.append(f"headline unsupported: {draft.headline[:60]}: {', '.join(headline_problems)}")
    else:
        supported += 1
    summary_ok = keep(draft.summary)
    paragraphs = tuple(
        p for p in (tuple(s for s in para if keep(s)) for para in draft.paragraphs) if p
    )
    report = VerifyReport(checked, supported, tuple(dropped), False, tuple(notes))
    kept = summary_ok + sum(len(p) for p in paragraphs)
    if headline_problems or not summary_ok or kept < MIN_SENTENCES:
        return None, report
    return Draft(draft.headline, draft.summary, paragraphs, draft.writer), report


def write_verified(
    articles: Sequence[Article], writer: Writer, fallback: Writer
) -> tuple[Draft, VerifyReport]:
    """Write with ``writer`` and verify; fall back to ``fallback`` when rejected.

    Args:
        articles: the story's articles.
        writer: the configured writer (LLM or extractive).
        fallback: the default writer, used when ``writer`` fails or its draft is rejected.

    Returns:
        The published draft and its report: the counts are the published draft's;
        ``fell_back`` is set when the fallback wrote it, and the notes then start with
        why the first draft was rejected.
    """
    try:
        draft, report = verify(writer.write(articles), articles)
    except WriterError as exc:
        level = logging.DEBUG if isinstance(exc, WriterUnavailable) else logging.WARNING
        log.log(level, "writer %s failed (%s); falling back to %s", writer.name, exc, fallback.name)
        draft, report = None, VerifyReport(0, 0, notes=(f"{writer.name} failed: {exc}",))
    if draft is not None:
        return draft, report
    backup, backup_report = verify(fallback.write(articles), articles)
    if backup is None:
        # The default writer only copies source sentences; keep its draft whole.
        backup = fallback.write(articles)
    return backup, VerifyReport(
        backup_report.checked_claims,
        backup_report.supported_claims,
        backup_report.dropped,
        True,
        (*report.notes, *backup_report.notes),
    )
