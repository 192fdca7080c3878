"""The Writer interface and the source-text tools every writer shares.

A source's sentences (``article_sentences``: datelines off, boilerplate paragraphs out),
attribution condensing ("According to Isna, NBC News reported that X" -> "X, NBC News
reported"), outlet boilerplate detection and the lead's length live here, so that both
writers and the coverage notes treat sources the same way. Sentence splitting, headline
case and title cleaning are ``newsdesk.text``'s.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from newsdesk.errors import NewsdeskError
from newsdesk.models import Article, Draft, Sentence, VerifyReport
from newsdesk.text import split_sentences

LEAD_SHARE = 0.9  # of the mean article length (tuned on NeuS train items)
LEAD_MIN_WORDS = 20
LEAD_MAX_WORDS = 100

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
    caller falls back to the default writer. ``reason`` is a short code for counts."""

    def __init__(self, message: str, reason: str = "writer_error") -> None:
        super().__init__(message)
        self.reason = reason


class WriterUnavailable(WriterError):
    """The writer is not asked any more in this run (its endpoint kept failing); it has
    said so once, so the caller falls back without a warning per story."""


class DraftRejected(WriterError):
    """The writer's draft was judged and refused (shape or verifier); ``report`` says why,
    sentence by sentence."""

    def __init__(self, message: str, reason: str, report: VerifyReport) -> None:
        super().__init__(message, reason)
        self.report = report


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


@runtime_checkable
class ModelWriter(Writer, Protocol):
    """A writer that judges its own drafts (shape and verifier) and may translate sources:
    ``write_checked`` returns the accepted draft with its report, or raises
    ``DraftRejected`` (the LLM writer)."""

    def write_checked(self, articles: Sequence[Article]) -> tuple[Draft, VerifyReport]: ...


def one_language(articles: Sequence[Article], language: str) -> list[Article]:
    """The articles a writer that cannot translate may use: those in ``language`` (or of
    unknown language), else those of the story's most common language.

    Args:
        articles: a story's articles.
        language: the site's language (ISO 639-1).

    Returns:
        A non-empty list when ``articles`` is not empty.
    """
    code = language[:2].lower()
    same = [a for a in articles if not a.language or a.language[:2].lower() == code]
    if same or not articles:
        return same
    counts = Counter(a.language[:2].lower() for a in articles)
    top = max(counts, key=lambda c: counts[c])  # first seen wins a tie
    return [a for a in articles if a.language[:2].lower() == top]


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


# No publishable sentence runs this long; a longer "sentence" is markup, a list run
# together or hostile input, and every later pattern's work grows with its length.
MAX_SENTENCE_CHARS = 1000


def article_sentences(article: Article) -> Iterator[str]:
    """The sentences of an article's paragraphs that are not boilerplate, datelines off;
    a sentence over ``MAX_SENTENCE_CHARS`` characters is left out.

    Args:
        article: an article.

    Yields:
        Each sentence as split, in order (sentences still to be cleaned or filtered).
    """
    for paragraph in article.paragraphs:
        if not is_boilerplate(paragraph):
            for sentence in split_sentences(strip_dateline(paragraph)):
                if len(sentence) <= MAX_SENTENCE_CHARS:
                    yield sentence


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
    return article.outlet


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
