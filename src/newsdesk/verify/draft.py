"""Verifying a writer's draft: every sentence against the articles it cites.

Each sentence (and each perspective line) is checked by ``check`` against its cited
articles' sentences and metadata; an unsupported one is dropped and kept in the report
with its reasons. A draft whose headline or summary is unsupported, or with too little
left, is rejected (None) so that the writer falls back. The verifier judges drafts only:
running a writer and falling back is the write stage's.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.models import Article, Draft, Perspective, RefusedSentence, Sentence, VerifyReport
from newsdesk.verify.check import Problem
from newsdesk.verify.support import check

MIN_SENTENCES = 1  # a draft with fewer supported sentences (summary included) is rejected


class _Judge:
    """Checks a draft's sentences one by one and keeps the counts and refusals."""

    def __init__(self, articles: Sequence[Article], writer: str) -> None:
        self.by_id = {a.id: a for a in articles}
        self.writer = writer
        self.checked = 0
        self.supported = 0
        self.dropped: list[str] = []
        self.notes: list[str] = []
        self.refused: list[RefusedSentence] = []

    def judge(self, text: str, cited_ids: Sequence[int], part: str) -> bool:
        self.checked += 1
        cited = [self.by_id[i] for i in cited_ids if i in self.by_id]
        found = list(check(text, cited).problems) if cited else []
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

    def headline(self, text: str) -> bool:
        self.checked += 1
        found = check(text, list(self.by_id.values()), headline=True).problems
        if not found:
            self.supported += 1
            return True
        self.refused.append(self._refusal(text, found, "headline"))
        return False

    def _refusal(self, text: str, found: Sequence[Problem], part: str) -> RefusedSentence:
        label = "headline unsupported: " if part == "headline" else ""
        self.notes.append(f"{label}{text[:60]}: {', '.join(str(p) for p in found)}")
        reasons = tuple(dict.fromkeys(p.reason for p in found))
        return RefusedSentence(text, reasons, part, self.writer)

    def report(self) -> VerifyReport:
        return VerifyReport(
            self.checked,
            self.supported,
            tuple(self.dropped),
            False,
            tuple(self.notes),
            tuple(self.refused),
        )


def verify(draft: Draft, articles: Sequence[Article]) -> tuple[Draft | None, VerifyReport]:
    """Drop unsupported sentences; None when the headline or summary fails or too little is left.

    Args:
        draft: a writer's draft.
        articles: the story's articles.

    Returns:
        The grounded draft (or None) and the report: claims checked (headline, each
        sentence and perspective line), claims supported, the dropped texts, one note per
        refused sentence and, in ``refused``, each refused sentence with its reasons.
    """
    judge = _Judge(articles, draft.writer)
    headline_ok = judge.headline(draft.headline)
    summary_ok = judge.judge(draft.summary.text, draft.summary.sources, "summary")

    def keep(sentence: Sentence) -> bool:
        return judge.judge(sentence.text, sentence.sources, "body")

    paragraphs = tuple(
        p for p in (tuple(s for s in para if keep(s)) for para in draft.paragraphs) if p
    )
    perspectives = tuple(p for p in draft.perspectives if _perspective_ok(judge, p))
    report = judge.report()
    kept = summary_ok + sum(len(p) for p in paragraphs)
    if not headline_ok or not summary_ok or kept < MIN_SENTENCES:
        return None, report
    return Draft(draft.headline, draft.summary, paragraphs, draft.writer, perspectives), report


def _perspective_ok(judge: _Judge, perspective: Perspective) -> bool:
    return judge.judge(perspective.text, (perspective.article_id,), "perspective")
