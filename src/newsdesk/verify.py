"""Verification: every claim of a draft must be found in the articles it cites.

Checked per sentence against the text of its cited articles: numbers (5,000 = 5000),
names (capitalised words after the first), quoted words (verbatim), and enough content
overlap. An unsupported sentence is dropped; a draft whose headline is unsupported, or
with too little left, is rejected so that the caller falls back to the default writer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.models import Article, Draft, Sentence, VerifyReport
from newsdesk.write.base import Writer

_NUMBER = re.compile(r"\d[\d,.]*")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?")
_QUOTE = re.compile(r"[\"“]([^\"”]{3,})[\"”]")
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
MIN_OVERLAP = 0.5


def _numbers(text: str) -> set[str]:
    found = set()
    for match in _NUMBER.findall(text):
        value = match.rstrip(".,").replace(",", "")
        if value:
            found.add(value)
    for digits, word in re.findall(r"(\d[\d.]*)\s+(thousand|million|billion)", text.lower()):
        try:
            found.add(str(int(float(digits) * _NUMBER_WORDS[word])))
        except ValueError:
            continue
    return found


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 3}


def _names(text: str, headline: bool) -> set[str]:
    """Capitalised words; a sentence's first word is capitalised anyway and is skipped,
    but in a headline (title case) every word counts."""
    names = set()
    for match in _NAME.finditer(text):
        start = match.start()
        sentence_start = start == 0 or text[:start].rstrip().endswith((".", "!", "?"))
        if headline or not sentence_start:
            names.add(match.group())
    return names


def check_sentence(text: str, sources: Sequence[Article], headline: bool = False) -> list[str]:
    """The claims of ``text`` that its sources do not support (empty: supported)."""
    if not sources:
        return ["no source cited"]
    source_text = " ".join(f"{a.title} {a.text}" for a in sources)
    flat = " ".join(source_text.split())
    problems = [f"number {n}" for n in _numbers(text) - _numbers(source_text)]
    lowered = flat.lower()
    problems += [f"name {n}" for n in _names(text, headline) if n.lower() not in lowered]
    problems += [f"quote {q!r}" for q in _QUOTE.findall(text) if " ".join(q.split()) not in flat]
    words = _content(text)
    if words and len(words & _content(source_text)) / len(words) < MIN_OVERLAP:
        problems.append("little overlap with its sources")
    return problems


def verify(draft: Draft, articles: Sequence[Article]) -> tuple[Draft | None, VerifyReport]:
    """Drop unsupported sentences; None when the headline fails or too little is left."""
    by_id = {a.id: a for a in articles}
    checked = supported = 0
    dropped: list[str] = []
    notes: list[str] = []

    def keep(sentence: Sentence) -> bool:
        nonlocal checked, supported
        checked += 1
        cited = [by_id[i] for i in sentence.sources if i in by_id]
        problems = check_sentence(sentence.text, cited)
        if len(cited) < len(sentence.sources):
            problems.append("cites an article outside the story")
        if problems:
            dropped.append(sentence.text)
            notes.append(f"{sentence.text[:60]}: {', '.join(problems)}")
            return False
        supported += 1
        return True

    headline_ok = not check_sentence(draft.headline, articles, headline=True)
    checked += 1
    supported += headline_ok
    if not headline_ok:
        notes.append(f"headline unsupported: {draft.headline[:60]}")
    summary_ok = keep(draft.summary)
    paragraphs = tuple(
        p for p in (tuple(s for s in para if keep(s)) for para in draft.paragraphs) if p
    )
    report = VerifyReport(checked, supported, tuple(dropped), False, tuple(notes))
    if not headline_ok or not summary_ok:
        return None, report
    return Draft(draft.headline, draft.summary, paragraphs, draft.writer), report


def write_verified(
    articles: Sequence[Article], writer: Writer, fallback: Writer
) -> tuple[Draft, VerifyReport]:
    """Write with ``writer`` and verify; fall back to ``fallback`` when rejected."""
    draft, report = verify(writer.write(articles), articles)
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
