"""Verification: every claim of a draft must be found in the articles it cites.

Each sentence is checked against the text of the articles it cites (the headline
against all of the story's articles):

* numbers, by value and kind (``newsdesk.text.numbers``): 5,000 = five thousand, and
  money and percentages must match as such;
* names of people, places and organisations, days and months (``newsdesk.text.names``):
  capitalised words must occur in the sources, and a two-word personal name ("Claudia
  Sheinbaum") must occur as written;
* quoted words, verbatim (quote marks and spacing normalised);
* content overlap: at least ``MIN_OVERLAP`` of the sentence's content words (stemmed).

What the writer composes around the sources' sentences (a dateline, "The Associated
Press put the toll at 26", "In National Review, David Harsanyi argues that ...") is
supported by the cited article's own metadata as well: its outlet, authors and date
(``metadata_support``, the one place where that support is declared). Perspective lines
are checked against their article so; an unsupported one is dropped.

An unsupported sentence is dropped; a draft whose headline or summary is unsupported,
or with too little left, is rejected (None) so that the writer falls back. The verifier
judges drafts only: running a writer and falling back is the write stage's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from newsdesk.models import Article, Draft, Perspective, Sentence, VerifyReport
from newsdesk.text import (
    COMMON_WORDS,
    TITLE_WORDS,
    content_stems,
    names,
    number_label,
    numbers,
    plain_punctuation,
)

MIN_OVERLAP = 0.5  # share of a sentence's content words that its sources must hold
MIN_SENTENCES = 1  # a draft with fewer supported sentences (summary included) is rejected

_QUOTE = re.compile(r"[\"“]([^\"”]{3,})[\"”]")


def _number_problems(text: str, source: str) -> list[str]:
    have = numbers(source)
    values = {v for v, _ in have}
    problems = []
    for value, kind in sorted(numbers(text)):
        if (value, kind) in have or (not kind and value in values):
            continue
        problems.append(f"number {number_label(value, kind)}")
    return problems


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
    stems = content_stems(source) if headline else None
    for span in names(text):
        words = span.split()
        for word in words:
            lw = word.lower()
            if lw in COMMON_WORDS or lw in TITLE_WORDS:
                continue
            if _contains(lowered, lw) or _contains(lowered_us, lw.replace(".", "")):
                continue
            if stems is not None and all(t in stems for t in content_stems(word)):
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
    return " ".join(plain_punctuation(text).split())


def _quote_problems(text: str, source: str) -> list[str]:
    flat = _normalise(source).lower()
    problems = []
    for quoted in _QUOTE.findall(_normalise(text).replace("“", '"').replace("”", '"')):
        words = " ".join(quoted.split()).strip(" ,.").lower()
        if words and words not in flat:
            problems.append(f"quote {quoted!r}")
    return problems


def metadata_support(article: Article) -> Article:
    """``article`` with its metadata as one more paragraph: outlet, authors, date.

    A sentence the writer composes from an article's metadata ("The Associated Press put
    the toll at 26", a dateline) is checked against this, the one place where such
    support is declared.
    """
    parts = [article.site_name, *article.authors]
    if article.published_at is not None:
        when = article.published_at
        parts.append(f"{when:%A}, {when:%B} {when.day}, {when.year}")
    line = ". ".join(p for p in parts if p)
    return replace(article, paragraphs=(line, *article.paragraphs)) if line else article


def check_sentence(
    text: str, sources: Sequence[Article], headline: bool = False, translated: bool = False
) -> list[str]:
    """The claims of ``text`` that its sources do not support (empty: supported).

    Args:
        text: a sentence or headline.
        sources: the articles it cites.
        headline: ``text`` is a headline (title case: every word is capitalised, so
            two capitalised words in a row are not taken for one name).
        translated: ``text`` is in another language than its sources: only its
            numbers and names can be checked.

    Returns:
        One short reason per unsupported claim.
    """
    if not sources:
        return ["no source cited"]
    source = " ".join(f"{a.title}\n{a.text}" for a in sources)
    problems = _number_problems(text, source)
    problems += _name_problems(text, source, headline)
    if translated:
        return problems
    problems += _quote_problems(text, source)
    words = content_stems(text)
    if words:
        known = content_stems(source)
        if sum(1 for w in words if w in known) / len(words) < MIN_OVERLAP:
            problems.append("little overlap with its sources")
    return problems


def reason_code(problem: str) -> str:
    """A problem's kind, for counting: "number", "name", "quote", "overlap", "uncited"..."""
    first = problem.split(" ", 1)[0]
    return {"little": "overlap", "no": "uncited", "cites": "outside_story"}.get(first, first)


def verify(
    draft: Draft, articles: Sequence[Article], language: str = ""
) -> tuple[Draft | None, VerifyReport]:
    """Drop unsupported sentences; None when the headline or summary fails or too little is left.

    Args:
        draft: a writer's draft.
        articles: the story's articles.
        language: the draft's language; a sentence citing only articles in another
            language (``Article.language`` set and different) is checked for its
            numbers and names only, as is the headline of a story with such articles.

    Returns:
        The grounded draft (or None) and the report: claims checked (headline and each
        sentence), claims supported, the dropped texts and one note per problem.
    """
    by_id = {a.id: metadata_support(a) for a in articles}
    checked = supported = 0
    dropped: list[str] = []
    reasons: list[str] = []
    notes: list[str] = []

    def foreign(cited: Sequence[Article]) -> bool:
        return bool(language) and all(a.language and a.language != language for a in cited)

    def keep(sentence: Sentence) -> bool:
        nonlocal checked, supported
        checked += 1
        cited = [by_id[i] for i in sentence.sources if i in by_id]
        problems = (
            check_sentence(sentence.text, cited, translated=foreign(cited))
            if cited
            else ["no source cited"]
        )
        if len(cited) < len(sentence.sources):
            problems.append("cites an article outside the story")
        if problems:
            dropped.append(sentence.text)
            reasons.append(reason_code(problems[0]))
            notes.append(f"{sentence.text[:60]}: {', '.join(problems)}")
            return False
        supported += 1
        return True

    summary_ok = keep(draft.summary)
    paragraphs = tuple(
        p for p in (tuple(s for s in para if keep(s)) for para in draft.paragraphs) if p
    )
    headline_problems = check_sentence(draft.headline, articles, headline=True)
    if headline_problems and any(foreign([a]) for a in articles):
        # A translated headline's words are the checked sentences' and the sources' names.
        told = [draft.summary.text] if summary_ok else []
        told += [s.text for p in paragraphs for s in p]
        own = Article(url="", title="", paragraphs=tuple(told), language=language)
        headline_problems = check_sentence(
            draft.headline, [*articles, own], headline=True, translated=True
        )
    checked += 1
    if headline_problems:
        notes.insert(
            0, f"headline unsupported: {draft.headline[:60]}: {', '.join(headline_problems)}"
        )
    else:
        supported += 1
    perspectives = tuple(p for p in draft.perspectives if _perspective_ok(p, by_id, notes))
    report = VerifyReport(
        checked, supported, tuple(dropped), False, tuple(notes), reasons=tuple(reasons)
    )
    kept = summary_ok + sum(len(p) for p in paragraphs)
    if headline_problems or not summary_ok or kept < MIN_SENTENCES:
        return None, report
    return replace(draft, paragraphs=paragraphs, perspectives=perspectives), report


def _perspective_ok(line: Perspective, by_id: dict[int | None, Article], notes: list[str]) -> bool:
    """A perspective line must be supported by its own article (with its metadata)."""
    article = by_id.get(line.article_id)
    problems = check_sentence(line.text, [article]) if article else ["cites no story article"]
    if problems:
        notes.append(f"perspective {line.text[:60]}: {', '.join(problems)}")
    return not problems
