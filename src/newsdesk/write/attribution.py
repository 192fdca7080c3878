"""The lines a story attributes: each sentence's citations, the line that says where
outlets give a figure differently, and the lead's date, each kept only where the
articles it cites bear it out as the verifier reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsdesk.models import Article, Sentence
from newsdesk.text import cosine
from newsdesk.verify import metadata_support, supports
from newsdesk.write.corroborate import corroborates
from newsdesk.write.scoring import Candidate
from newsdesk.write.shape import disagreement, with_date

__all__ = ["Cite", "dated", "told_once_with_attribution"]


class Cite:
    """Cites a candidate's own article and each other article that states its claim
    (``corroborate``; views included: a report's sentence that a column also bears out
    cites both). Only articles with a sentence close in words to it are asked."""

    def __init__(
        self, pool: list[Candidate], articles: Sequence[Article], threshold: float
    ) -> None:
        self.pool = pool
        self.articles = articles
        self.threshold = threshold

    def __call__(self, c: Candidate) -> Sentence:
        ids = {self.articles[c.article].id}
        asked = {c.article}  # each other article is asked once
        for other in self.pool:
            if other.article in asked or cosine(c.tokens, other.tokens) < self.threshold:
                continue
            asked.add(other.article)
            article = self.articles[other.article]
            if article.id not in ids and corroborates(c.text, article):
                ids.add(article.id)
        return Sentence(c.text, tuple(sorted(i for i in ids if i is not None)))


def dated(lead: Sentence, own: Article, articles: Sequence[Article]) -> Sentence:
    """The lead with its weekday's date (``shape.with_date``) where each article it cites
    still bears it out as the verifier reads them; as it was otherwise."""
    published = own.published_at
    dated = with_date(lead.text, published.date() if published else None)
    cited = [a for a in articles if a.id in lead.sources]
    if dated == lead.text or not all(supports(dated, [a]) for a in cited):
        return lead
    return replace(lead, text=dated)


def told_once_with_attribution(
    summary: Sentence,
    paragraphs: tuple[tuple[Sentence, ...], ...],
    pool: Sequence[Candidate],
    articles: Sequence[Article],
    outlets: Sequence[str],
) -> tuple[Sentence, tuple[tuple[Sentence, ...], ...]]:
    """After the first sentence whose figure another outlet gives differently, one line
    that says so with attribution; the other outlet's telling of it is left out."""
    index = {a.id: i for i, a in enumerate(articles)}
    out: list[list[Sentence]] = []
    dropped = ""
    for paragraph in ((summary,), *paragraphs):
        kept: list[Sentence] = []
        for sentence in paragraph:
            if sentence.text == dropped:
                continue
            kept.append(sentence)
            if dropped or not sentence.sources:
                continue
            line = _disagreement_line(sentence, pool, articles, outlets, index)
            if line is not None:
                kept.append(line[0])
                dropped = line[1]
        out.append(kept)
    first, *rest = out
    body = [tuple(first[1:])] if len(first) > 1 else []
    return first[0], tuple(body + [tuple(p) for p in rest if p])


def _disagreement_line(
    sentence: Sentence,
    pool: Sequence[Candidate],
    articles: Sequence[Article],
    outlets: Sequence[str],
    index: dict[int | None, int],
) -> tuple[Sentence, str] | None:
    """The attributed line for the first other outlet that gives ``sentence``'s figure
    differently, and that outlet's sentence; None when none does (or the line fails the
    verifier's check against the two articles and their metadata)."""
    own = index.get(sentence.sources[0])
    if own is None:
        return None
    for other in pool:
        theirs = articles[other.article]
        if outlets[other.article] == outlets[own] or theirs.id in sentence.sources:
            continue
        found = disagreement(sentence.text, other.text)
        if found is None:
            continue
        text = (
            f"The figures differ by outlet: {outlets[own]} reported {found.first}, "
            f"{outlets[other.article]} {found.second}."
        )
        support = [metadata_support(articles[own]), metadata_support(theirs)]
        if not supports(text, support):
            return None
        ids = tuple(sorted(i for i in (articles[own].id, theirs.id) if i is not None))
        return Sentence(text, ids), other.text
    return None
