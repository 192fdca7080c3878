"""The Writer interface and the text tools every writer shares.

Sentence splitting, headline case, outlet-suffix removal from titles, attribution
condensing ("According to Isna, NBC News reported that X" -> "X, NBC News reported")
and outlet boilerplate detection live here, so that both writers and the verifier
treat text the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import urlsplit

from newsdesk.errors import NewsdeskError
from newsdesk.models import Article, Draft, Sentence

LEAD_SHARE = 0.9  # of the mean article length (tuned on NeuS train items)
LEAD_MIN_WORDS = 20
LEAD_MAX_WORDS = 100

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "Sen.",
    "Sens.",
    "Rep.",
    "Reps.",
    "Gov.",
    "Gen.",
    "Lt.",
    "Col.",
    "Sgt.",
    "Capt.",
    "Adm.",
    "Cmdr.",
    "Maj.",
    "Supt.",
    "Gens.",
    "Govs.",
    "Prof.",
    "Rev.",
    "U.S.",
    "U.K.",
    "U.N.",
    "D.C.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
    "No.",
    "Jr.",
    "Sr.",
    "Inc.",
    "Corp.",
    "Co.",
    "Ltd.",
    "vs.",
    "a.m.",
    "p.m.",
)
_MAX_QUOTE_WORDS = 80
_INITIAL = re.compile(r"(?<=\s)([A-Z])\.(?=\s+[A-Z][a-z])")
# Joined initials before a surname ("H.R. McMaster", "George H.W. Bush", "J.B. Pritzker"),
# unless the next word usually opens a sentence.
_INITIALS = re.compile(
    r"(?<![\w.])((?:[A-Z]\.){1,2}[A-Z])\.(?=\s+(?!(?:The|A|An|He|She|It|They|We|This|That|"
    r"But|And|In|On|At|His|Her|Their|I|Its|There|As|If|So|Some|Many)\b)[A-Z][a-z])"
)
_SMALL_WORDS = frozenset(
    "a an and as at but by en for from if in into nor of off on or over per than the to up "
    "via vs with".split()
)
# " - Reuters", " | CNN Politics", " — The Guardian": a short tail naming the outlet.
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,40}$")
_TITLE_KICKER = re.compile(
    r"^(?:BREAKING|WATCH|LIVE|UPDATE[D]?|EXCLUSIVE|OPINION|ANALYSIS|VIDEO|EDITORIAL|"
    r"FACT CHECK|JUST IN)\s*[:|-]\s*",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:end of (?:the )?message|end of news|read more|related|share this|advertisement|"
    r"subscribe|sign up|follow us|click here|copyright|all rights reserved|©)\b",
    re.I,
)
_ATTRIBUTION = re.compile(
    r"^(?:According to (?P<via>[^,]{1,60}), )?"
    r"(?P<who>(?:the )?(?:[A-Z][\w.&’'-]*\s?){1,4}) (?:has |had )?reported"
    r"(?: for the first time)?(?: (?:on|late|early) \w+day)?(?: (?:night|morning|evening))?"
    r" that (?P<rest>.+)$"
)
# A dateline before the first sentence: "WASHINGTON (Reuters) — ", "BEIJING - ",
# "SAN JUAN, Puerto Rico (AP) — ", "WEST PALM BEACH, Fla.—" and CNN's "Washington (CNN)".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'’-]{2,40}(?:,\s[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*){0,2})?"
    r"(?:\s*\([^)]{1,30}\))?(?:\s*[—–]{1,2}\s*|\s+-{1,2}\s+)"
    r"|[A-Z][A-Za-z.'’-]*(?:,?\s[A-Z][A-Za-z.'’-]*){0,3}\s*"
    r"\((?:AP|CNN|CNN Business|CNN Politics|Reuters|AFP|UPI)\)\s*(?:[—–-]{1,2}\s*)?)"
    r"(?=[A-Z\"“])"
)
_LEAD_IN = re.compile(r"^According to [^,]{1,40}, (?P<rest>.+)$")


class WriterError(NewsdeskError):
    """A writer could not produce a draft (endpoint down, replies unusable); the
    caller falls back to the default writer."""


class WriterUnavailable(WriterError):
    """The writer is not asked any more in this run (its endpoint kept failing); it has
    said so once, so the caller falls back without a warning per story."""


class Writer(Protocol):
    """Turns the articles of one story into a Draft whose sentences cite them."""

    name: str

    def write(self, articles: Sequence[Article]) -> Draft:
        """Write one story.

        Args:
            articles: the story's articles, each with its ``id`` set.

        Returns:
            The draft; every sentence's ``sources`` are ids of ``articles``.
        """
        ...


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping common abbreviations whole.

    Args:
        text: one paragraph or more.

    Returns:
        The sentences, whitespace normalised.
    """
    protected = text
    for abbr in _ABBREVIATIONS:
        # Hide the abbreviation's periods so that no sentence ends there.
        protected = protected.replace(abbr, abbr.replace(".", "\x00"))
    # A middle initial ("John F. Kerry") ends no sentence either.
    protected = _INITIAL.sub("\\1\x00", protected)
    protected = _INITIALS.sub(lambda m: m.group(1).replace(".", "\x00") + "\x00", protected)
    parts = [" ".join(p.replace("\x00", ".").split()) for p in _SENTENCE_END.split(protected)]
    return _whole_quotes([p for p in parts if p])


def _whole_quotes(parts: list[str]) -> list[str]:
    """Join the sentences of one quotation: a sentence never starts inside a quote.

    ``"We are ready. We will guarantee them protection," he said.`` stays one sentence:
    cut in two, its second half would read as the writer's own voice. A stray quote mark
    joins at most ``_MAX_QUOTE_WORDS`` words.
    """
    out: list[str] = []
    pending = ""
    for part in parts:
        pending = f"{pending} {part}" if pending else part
        open_quote = pending.count("“") > pending.count("”") or pending.count('"') % 2 == 1
        if open_quote and len(pending.split()) < _MAX_QUOTE_WORDS:
            continue
        out.append(pending)
        pending = ""
    if pending:
        out.append(pending)
    return out


def headline_case(text: str, case: str = "title") -> str:
    """Apply one headline case: 'title' (AP-like) or 'sentence'.

    Words already written with capitals inside (iPhone, NATO, McCarthy) or with digits
    keep their form; a trailing period is dropped.

    Args:
        text: the headline.
        case: "title" or "sentence".

    Returns:
        The headline in that case.
    """
    text = " ".join(text.split()).rstrip(".").strip()
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        keep = any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)
        if keep:
            out.append(word)
        elif case == "sentence":
            out.append(word[:1].upper() + word[1:] if i == 0 else word)
        else:
            lower = word.lower()
            # A word after a sentence end or a colon opens a new part: "available. But".
            opens = i > 0 and words[i - 1].endswith((".", ":", "?", "!"))
            opens = opens and words[i - 1] not in _ABBREVIATIONS  # "Trump vs. the Press"
            first_or_last = i == 0 or i == len(words) - 1 or opens
            if lower in _SMALL_WORDS and not first_or_last:
                out.append(lower)
            else:
                out.append("-".join(_capitalise(p) for p in word.split("-")))
    return " ".join(out)


def _capitalise(word: str) -> str:
    # Skip an opening quote or bracket: "'shadow" -> "'Shadow".
    for i, char in enumerate(word):
        if char.isalpha():
            return word[:i] + char.upper() + word[i + 1 :]
    return word


def clean_title(title: str, site_name: str = "") -> str:
    """Remove an outlet suffix (" - Reuters"), a kicker ("WATCH:") and a final period.

    Args:
        title: the outlet's title.
        site_name: the outlet's name, removed wherever it trails the title.

    Returns:
        The bare title.
    """
    title = " ".join(title.split())
    title = _TITLE_KICKER.sub("", title)
    if site_name and title.lower().endswith(site_name.lower()):
        title = title[: -len(site_name)].rstrip(" -|–—:")
    match = _TITLE_SUFFIX.search(title)
    # Only a tail without a verb-like lower-case run is an outlet's name.
    if match and len(match.group().split()) <= 5 and _looks_like_name(match.group()):
        title = title[: match.start()]
    return title.rstrip(" .").strip()


def _looks_like_name(tail: str) -> bool:
    words = [w for w in re.split(r"[\s\-|–—:]+", tail) if w]
    return bool(words) and all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words)


def is_boilerplate(text: str) -> bool:
    """True for outlet furniture: "end of message", a bare outlet name, "Read more".

    Args:
        text: a paragraph or sentence.

    Returns:
        Whether it carries no news.
    """
    stripped = text.strip()
    if _BOILERPLATE.match(stripped):
        return True
    words = stripped.split()
    # A short line with no sentence ending is a signature or a label ("RCO NEWS").
    return len(words) <= 4 and not stripped.endswith((".", "!", "?", '"', "”"))


def condense_attribution(sentence: str) -> str:
    """Keep the claim and its real source: 'X, NBC News reported.'

    Args:
        sentence: one sentence.

    Returns:
        The sentence with a re-reporting chain ("According to A, B reported that")
        turned into a trailing attribution, or a bare "According to A," lead-in dropped.
    """
    match = _ATTRIBUTION.match(sentence)
    if match:
        rest = match.group("rest").rstrip(" .")
        who = match.group("who").strip()
        if who.lower().startswith("the "):
            who = who[4:]
        return f"{rest[:1].upper()}{rest[1:]}, {who} reported."
    lead = _LEAD_IN.match(sentence)
    if lead:
        rest = lead.group("rest")
        return rest[:1].upper() + rest[1:]
    return sentence


def strip_dateline(text: str) -> str:
    """Remove a dateline ("BEIJING — ", "WASHINGTON (Reuters) - ") from a paragraph.

    Args:
        text: a paragraph or sentence.

    Returns:
        The text without it.
    """
    return _DATELINE.sub("", text, count=1)


def lead_sentences(draft: Draft, words: int) -> list[Sentence]:
    """The draft's opening sentences (summary first), whole, about ``words`` words long.

    A sentence that crosses the budget is kept when that ends nearer to it.

    Args:
        draft: the draft.
        words: the word budget.

    Returns:
        At least the summary sentence.
    """
    picked: list[Sentence] = []
    total = 0
    for sentence in draft.sentences():
        size = len(sentence.text.split())
        if picked and total + size - words > words - total:
            break
        picked.append(sentence)
        total += size
    return picked


def outlet_of(article: Article) -> str:
    """The outlet's name: ``site_name``, else the URL's host, else the URL.

    Args:
        article: an article.

    Returns:
        A name that groups one outlet's articles.
    """
    return article.site_name or urlsplit(article.url).hostname or article.url


def lead_budget(articles: Sequence[Article]) -> int:
    """Words for a story's lead, in proportion to the outlets' mean article length.

    Short wire leads make a short lead; long articles a lead of at most 100 words.

    Args:
        articles: the story's articles.

    Returns:
        The word budget (20 to 100).
    """
    if not articles:
        return LEAD_MIN_WORDS
    mean = sum(len(a.text.split()) for a in articles) / len(articles)
    return int(min(LEAD_MAX_WORDS, max(LEAD_MIN_WORDS, LEAD_SHARE * mean)))
