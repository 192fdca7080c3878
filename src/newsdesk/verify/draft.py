"""Verifying a writer's draft: every sentence against the articles it cites.

Each sentence (and each perspective line) is checked by ``check`` against its cited
articles' sentences and metadata; an unsupported one is dropped and kept in the report
with its reasons. A draft whose headline or summary is unsupported, or with too little
left, is rejected (None) so that the writer falls back. The verifier judges drafts only:
running a writer and falling back is the write stage's.

A sentence citing only articles in another language than the draft's (a model's
translation) can be checked offline for its figures and names only (``missing_facts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsdesk.models import Article, Draft, Perspective, RefusedSentence, Sentence, VerifyReport
from newsdesk.verify.check import Problem
from newsdesk.verify.facts import missing_facts
from newsdesk.verify.support import check

MIN_SENTENCES = 1  # a draft with fewer supported sentences (summary included) is rejected


class _Judge:
    """Checks a draft's sentences one by one and keeps the counts and refusals."""

    def __init__(self, articles: Sequence[Article], writer: str, language: str = "") -> None:
        self.by_id = {a.id: a for a in articles}
        self.writer = writer
        self.language = language
        self.checked = 0
        self.supported = 0
        self.dropped: list[str] = []
        self.notes: list[str] = []
        self.refused: list[RefusedSentence] = []

    def judge(self, text: str, cited_ids: Sequence[int], part: str) -> bool:
        self.checked += 1
        cited = [self.by_id[i] for i in cited_ids if i in self.by_id]
        found = self._problems(text, cited) if cited else []
        if not cited_ids:
            found.append(Problem("no_source", ""))
        elif len(cited) < len(cited_ids):
            found.append(Problem("outside_story", "cites an article outside the story"))
        if not found:
            self.supported += 1
            return True
        self.dropped.append(text)
        self.refused.append(self._refusal(text, found, part))
        return False

    def foreign(self, cited: Sequence[Article]) -> bool:
        """Every cited article is in another language than the draft's."""
        language = self.language
        return bool(language) and all(a.language and a.language != language for a in cited)

    def _problems(self, text: str, cited: Sequence[Article]) -> list[Problem]:
        if self.foreign(cited):
            return [Problem(*note.split(" ", 1)) for note in missing_facts(text, cited)]
        return list(check(text, cited).problems)

    def headline(self, text: str, told: Sequence[str]) -> bool:
        """The headline against the story's articles; a translated story's headline (its
        words are the draft's) against its names and figures and the checked sentences."""
        self.checked += 1
        articles = list(self.by_id.values())
        found: Sequence[Problem] = check(text, articles, headline=True).problems
        if found and any(self.foreign([a]) for a in articles):
            own = Article(url="", title="", paragraphs=tuple(told), language=self.language)
            notes = missing_facts(text, [*articles, own])
            found = [Problem(*note.split(" ", 1)) for note in notes]
        if not found:
            self.supported += 1
            return True
        self.refused.append(self._refusal(text, found, "headline"))
        return False

    def _refusal(self, text: str, found: Sequence[Problem], part: str) -> RefusedSentence:
        note = f"{text[:60]}: {', '.join(str(p) for p in found)}"
        if part == "headline":
            self.notes.insert(0, f"headline unsupported: {note}")
        elif part == "perspective":
            self.notes.append(f"perspective {note}")
        else:
            self.notes.append(note)
        reasons = tuple(dict.fromkeys(p.reason for p in found))
        return RefusedSentence(text, reasons, part, self.writer)

    def report(self) -> VerifyReport:
        dropped = [r for r in self.refused if r.part in ("summary", "body")]
        return VerifyReport(
            self.checked,
            self.supported,
            tuple(self.dropped),
            False,
            tuple(self.notes),
            reasons=tuple(r.reasons[0] for r in dropped),  # one per dropped text
            refused=tuple(self.refused),
        )


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
        The grounded draft (or None) and the report: claims checked (headline, each
        sentence and perspective line), claims supported, the dropped texts, one note per
        refused sentence and, in ``refused``, each refused sentence with its reasons.
    """
    judge = _Judge(articles, draft.writer, language)
    summary_ok = judge.judge(draft.summary.text, draft.summary.sources, "summary")

    def keep(sentence: Sentence) -> bool:
        return judge.judge(sentence.text, sentence.sources, "body")

    paragraphs = tuple(
        p for p in (tuple(s for s in para if keep(s)) for para in draft.paragraphs) if p
    )
    told = [draft.summary.text] if summary_ok else []
    headline_ok = judge.headline(draft.headline, told + [s.text for p in paragraphs for s in p])
    perspectives = tuple(p for p in draft.perspectives if _perspective_ok(judge, p))
    report = judge.report()
    kept = summary_ok + sum(len(p) for p in paragraphs)
    if not headline_ok or not summary_ok or kept < MIN_SENTENCES:
        return None, report
    return replace(draft, paragraphs=paragraphs, perspectives=perspectives), report


def _perspective_ok(judge: _Judge, perspective: Perspective) -> bool:
    return judge.judge(perspective.text, (perspective.article_id,), "perspective")
