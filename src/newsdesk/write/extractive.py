"""The default writer: extractive, multi-document, no model and no network.

Sentences are scored by how central they are across outlets (similar sentences in other
outlets' articles count, the same outlet's do not), with a bonus for lead position and
for facts (numbers, names). Redundant picks are skipped, attribution chains are condensed
("According to Isna, NBC News reported that X" -> "X, NBC News reported"), and every
sentence cites the article it came from plus every other article that says the same.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.models import Article, Draft, Sentence
from newsdesk.write.base import headline_case, split_sentences

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_STOP = frozenset(
    """a about after again all also an and any are as at be because been before being but by
    can could did do does for from had has have he her his how i if in into is it its just
    more most my no not of on one or our out over said says she so some such than that the
    their them then there these they this those to up was we were what when which who will
    with would you""".split()
)
_ATTRIBUTION = re.compile(
    r"^(?:According to [^,]{1,60}, )?(?P<who>(?:[A-Z][\w.&’'-]*\s?){1,4}) reported"
    r"(?: for the first time)?(?: on \w+day)? that (?P<rest>.+)$"
)
_LEAD_IN = re.compile(r"^(?:According to [^,]{1,40}, )(?P<rest>[a-z].+|[A-Z].+)$")
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)
_FACT = re.compile(r"\d|\b[A-Z][a-z]+\s+[A-Z][a-z]+")


@dataclass(frozen=True, slots=True)
class WriterOptions:
    """How the default writer shapes a story."""

    headline_case: str = "title"  # "title" or "sentence"
    summary_words: int = 60  # roughly a reference summary's length
    body_sentences: int = 8
    sentences_per_paragraph: int = 2
    redundancy: float = 0.5  # cosine above which a candidate repeats a pick


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    article: int  # index into the articles
    position: int
    tokens: Counter[str]


def _tokens(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (
        math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    )


def condense_attribution(sentence: str) -> str:
    """Keep the claim and its real source: 'X, NBC News reported.'"""
    match = _ATTRIBUTION.match(sentence)
    if match:
        rest = match.group("rest").rstrip(" .")
        who = match.group("who").strip()
        return f"{rest[:1].upper()}{rest[1:]}, {who} reported."
    lead = _LEAD_IN.match(sentence)
    if lead:
        rest = lead.group("rest")
        return rest[:1].upper() + rest[1:]
    return sentence


def _usable(sentence: str) -> bool:
    words = sentence.split()
    if len(words) < 6 or len(words) > 60:
        return False
    if sentence.endswith("?") or _FIRST_PERSON.search(sentence):
        return False
    return not (sentence.startswith(("[", "(")) or sentence.lower().startswith("click"))


class ExtractiveWriter:
    """The default writer (see the module docstring)."""

    name = "extractive"

    def __init__(self, options: WriterOptions | None = None) -> None:
        self.options = options or WriterOptions()

    def _candidates(self, articles: Sequence[Article]) -> list[_Candidate]:
        found = []
        for index, article in enumerate(articles):
            position = 0
            for paragraph in article.paragraphs:
                for raw in split_sentences(paragraph):
                    text = condense_attribution(raw)
                    if _usable(text):
                        found.append(_Candidate(text, index, position, _tokens(text)))
                    position += 1
        return found

    def _outlet(self, articles: Sequence[Article], index: int) -> str:
        return articles[index].site_name or articles[index].url

    def _score(self, c: _Candidate, pool: list[_Candidate], articles: Sequence[Article]) -> float:
        support: dict[str, float] = {}
        mine = self._outlet(articles, c.article)
        for other in pool:
            outlet = self._outlet(articles, other.article)
            if outlet == mine:
                continue
            support[outlet] = max(support.get(outlet, 0.0), _cosine(c.tokens, other.tokens))
        centrality = sum(support.values())
        lead = 1.0 / (1 + c.position)
        facts = 0.1 * min(3, len(_FACT.findall(c.text)))
        return centrality + 0.5 * lead + facts

    def _sources(
        self, c: _Candidate, pool: list[_Candidate], articles: Sequence[Article]
    ) -> tuple[int, ...]:
        ids = {articles[c.article].id}
        for other in pool:
            if other.article != c.article and _cosine(c.tokens, other.tokens) >= 0.6:
                ids.add(articles[other.article].id)
        return tuple(sorted(i for i in ids if i is not None))

    def _headline(self, articles: Sequence[Article]) -> tuple[str, tuple[int, ...]]:
        titled = [a for a in articles if a.title.strip()]
        if not titled:
            return "", ()
        vectors = [_tokens(a.title) for a in titled]
        best = max(
            range(len(titled)),
            key=lambda i: (
                sum(_cosine(vectors[i], v) for j, v in enumerate(vectors) if j != i),
                -i,
            ),
        )
        title = headline_case(titled[best].title, self.options.headline_case)
        return title, tuple(a.id for a in [titled[best]] if a.id is not None)

    def write(self, articles: Sequence[Article]) -> Draft:
        pool = self._candidates(articles)
        headline, _ = self._headline(articles)
        if not pool:
            lead = next((p for a in articles for p in a.paragraphs if p.strip()), headline)
            source_ids = tuple(a.id for a in articles[:1] if a.id is not None)
            return Draft(headline or lead[:80], Sentence(lead, source_ids), (), self.name)
        ranked = sorted(
            pool, key=lambda c: (-self._score(c, pool, articles), c.article, c.position)
        )
        picked: list[_Candidate] = []
        for c in ranked:
            if len(picked) >= self.options.body_sentences + 1:
                break
            if any(_cosine(c.tokens, p.tokens) >= self.options.redundancy for p in picked):
                continue
            picked.append(c)
        summary, body = picked[0], picked[1:]
        body.sort(key=lambda c: (c.position, c.article))
        size = self.options.sentences_per_paragraph
        paragraphs = tuple(
            tuple(Sentence(c.text, self._sources(c, pool, articles)) for c in body[i : i + size])
            for i in range(0, len(body), size)
        )
        return Draft(
            headline=headline or summary.text,
            summary=Sentence(summary.text, self._sources(summary, pool, articles)),
            paragraphs=paragraphs,
            writer=self.name,
        )
