"""The default writer: extractive, multi-document, no model and no network.

Every article's sentences are cleaned (``clean``: boilerplate, outlet voice, labels and
unsupported opening clauses go; nothing is reworded) and scored by how central each is
across outlets (``scoring``). The best-scored article opening comes first, then the
best-scored sentences that repeat no pick, up to a lead in proportion to the material,
then a few body sentences in source order that tell nothing the lead told; a sentence
that leans on the one before it goes right after it or is left out. The headline is the
most central of the outlets' titles (and their shorter parts). Every sentence cites its
own article and every other article that supports it on its own (the verifier's check
against that article alone). Measurements and rejected variants: docs/decisions/write.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsdesk.config import default
from newsdesk.models import Article, Draft, Sentence
from newsdesk.text import clean_title, content_stems, cosine, headline_case
from newsdesk.verify import check_sentence
from newsdesk.write.base import article_sentences, is_boilerplate, lead_budget, outlet_of
from newsdesk.write.clean import clean_sentence, cut_off, usable
from newsdesk.write.scoring import PRONOUNS, WEIGHTS, Candidate, features_of

__all__ = ["ExtractiveWriter", "WriterOptions"]

# A sentence that leans on the one before it: a pronoun or a connective ("But", "And").
_NEEDS_ANTECEDENT = re.compile(rf"^(?:{PRONOUNS}|Such|But|And|Yet|Still|Also|However|Then|So)\b")


@dataclass(frozen=True, slots=True)
class WriterOptions:
    """How the default writer shapes a story.

    ``lead_words`` 0 sizes the lead by the material (``lead_budget``); the weights were
    tuned on NeuS/AllSides train items only (see bench/ and the eval docs).
    """

    headline_case: str = default("write.headline_case")  # "title" or "sentence"
    headline_words: int = 7  # preferred headline length; longer or shorter costs a little
    lead_words: int = 0  # 0: in proportion to the articles' length
    body_sentences: int = 6  # after the lead
    sentences_per_paragraph: int = 2
    redundancy: float = 0.5  # cosine above which a candidate repeats a pick
    body_redundancy: float = 0.45  # the same, for a body sentence against the lead and body
    cite_threshold: float = 0.45  # cosine from which another article may support a sentence
    headline_affinity: float = 0.15  # score credit per cosine to the chosen headline


def _title_parts(title: str) -> set[str]:
    """A title and its shorter self-contained parts (before/after a colon, before a dash)."""
    out = {title}
    if ":" in title:
        head, tail = title.split(":", 1)
        for part in (head, tail):
            if len(part.split()) >= 4:
                out.add(part.strip())
    if "? " in title:  # "Altruism or PR? China Sends Supplies ...": the statement after it
        tail = title.split("? ", 1)[1]
        if len(tail.split()) >= 4 and "?" not in tail:
            out.add(tail.strip())
    for sep in (" – ", " - ", " -- ", "; ", " | "):
        if sep in title:
            head = title.split(sep, 1)[0]
            if len(head.split()) >= 4:
                out.add(head.strip())
    return {t.strip().rstrip(".") for t in out if t.strip()}


def _with_antecedents(
    lead: list[Candidate], rest: list[Candidate]
) -> tuple[list[Candidate], list[Candidate], dict[tuple[int, int], list[Candidate]]]:
    """Place each sentence that leans on the one before it right after that sentence.

    "He has denounced the media" or "But not everyone is excited" read wrongly after
    another outlet's sentence: such a sentence (not the first) goes directly after the
    sentence before it in its own article when the draft has that one, and is left out
    otherwise.

    Returns:
        The lead and the body without those sentences, and what follows which sentence
        (by ``Candidate.key``).
    """
    chosen = {c.key: c for c in (*lead, *rest)}
    after: dict[tuple[int, int], list[Candidate]] = {}
    moved: set[tuple[int, int]] = set()
    for c in (*lead[1:], *rest):
        if _NEEDS_ANTECEDENT.match(c.text):
            moved.add(c.key)
            before = (c.article, c.position - 1)
            if before in chosen:
                after.setdefault(before, []).append(c)
    keep = [c for c in lead if c.key not in moved], [c for c in rest if c.key not in moved]
    # A moved sentence whose antecedent was moved too is placed with it only if that
    # one found its own place; chains deeper than that are rare and simply dropped.
    placed = {c.key for c in (*keep[0], *keep[1])}
    after = {k: v for k, v in after.items() if k in placed}
    return keep[0], keep[1], after


class ExtractiveWriter:
    """The default writer (see the module docstring)."""

    name = "extractive"

    def __init__(self, options: WriterOptions | None = None) -> None:
        self.options = options or WriterOptions()

    def write(self, articles: Sequence[Article]) -> Draft:
        """Write one story from its articles.

        Args:
            articles: the story's articles (ids set).

        Returns:
            A draft whose every sentence is a (shortened) source sentence citing the
            articles that support it.
        """
        outlets = [outlet_of(a) for a in articles]
        words = [content_stems(f"{a.title} {a.text}") for a in articles]
        pool = self._candidates(articles, outlets, words)
        headline, headline_sources = self._headline(articles, outlets, words)
        if not pool:
            return self._fallback(articles, headline, headline_sources)
        if headline and self.options.headline_affinity:
            # The lead bears out the headline: a little credit for sharing its words.
            vec = content_stems(headline)
            weight = self.options.headline_affinity
            pool = [replace(c, score=c.score + weight * cosine(c.tokens, vec)) for c in pool]
        picked = self._pick(pool, articles)
        budget = self.options.lead_words or lead_budget(articles)
        lead: list[Candidate] = []
        total = 0
        for c in picked:
            if lead and total + c.words - budget > budget - total:
                break
            lead.append(c)
            total += c.words
        # A body sentence cut off mid-phrase (a truncated feed text) reads as an error; in
        # the lead the news it carries outweighs that.
        rest: list[Candidate] = []
        for c in picked:
            if len(rest) >= self.options.body_sentences:
                break
            if c in lead or cut_off(c.text):
                continue
            # The body is read after the lead: one outlet's telling of a fact is enough.
            if any(cosine(c.tokens, p.tokens) >= self.options.body_redundancy for p in lead + rest):
                continue
            rest.append(c)
        rest.sort(key=lambda c: (c.position, c.article))
        lead, rest, after = _with_antecedents(lead, rest)
        cite = self._citer(pool, articles)

        def followed(c: Candidate) -> list[Sentence]:
            return [cite(c), *(cite(d) for d in after.get(c.key, ()))]

        summary, *lead_rest = followed(lead[0])
        lead_rest += [s for c in lead[1:] for s in followed(c)]
        paragraphs: list[tuple[Sentence, ...]] = [tuple(lead_rest)] if lead_rest else []
        size = self.options.sentences_per_paragraph
        chunk: list[Sentence] = []
        for c in rest:
            chunk += followed(c)
            if len(chunk) >= size:
                paragraphs.append(tuple(chunk))
                chunk = []
        if chunk:
            paragraphs.append(tuple(chunk))
        return Draft(
            headline=headline or headline_case(summary.text, self.options.headline_case),
            summary=summary,
            paragraphs=tuple(paragraphs),
            writer=self.name,
        )

    # ------------------------------------------------------------------ steps

    def _candidates(
        self, articles: Sequence[Article], outlets: list[str], words: list[Counter[str]]
    ) -> list[Candidate]:
        return self._scored(self._sentences(articles, outlets, words), articles, outlets, words)

    def _sentences(
        self, articles: Sequence[Article], outlets: list[str], words: list[Counter[str]]
    ) -> list[Candidate]:
        """The usable, cleaned sentences of every article, unscored."""
        found: list[Candidate] = []
        for index, article in enumerate(articles):
            others = {w for j, bag in enumerate(words) if outlets[j] != outlets[index] for w in bag}
            for position, raw in enumerate(article_sentences(article)):
                text = clean_sentence(raw, others)
                if usable(text):
                    found.append(
                        Candidate(text, index, position, content_stems(text), len(text.split()))
                    )
        return found

    def _scored(
        self,
        pool: list[Candidate],
        articles: Sequence[Article],
        outlets: list[str],
        words: list[Counter[str]],
    ) -> list[Candidate]:
        """Score each candidate: a weighted sum of cross-outlet features (``WEIGHTS``)."""
        features = features_of(pool, articles, outlets, words)
        return [
            replace(c, score=sum(WEIGHTS[k] * v for k, v in f.items()))
            for c, f in zip(pool, features, strict=True)
        ]

    def _pick(self, pool: list[Candidate], articles: Sequence[Article]) -> list[Candidate]:
        ranked = sorted(pool, key=lambda c: (-c.score, c.article, c.position))
        # The story opens on a news lead: the best-scored article opening goes first (an
        # article's first sentence states the event; a later one leans on what came before).
        openings = [c for c in ranked if c.position == 0]
        if openings:
            ranked.remove(openings[0])
            ranked.insert(0, openings[0])
        picked: list[Candidate] = []
        limit = self.options.body_sentences + 8
        for c in ranked:
            if len(picked) >= limit:
                break
            if any(cosine(c.tokens, p.tokens) >= self.options.redundancy for p in picked):
                continue
            picked.append(c)
        return picked

    def _citer(self, pool: list[Candidate], articles: Sequence[Article]) -> _Cite:
        return _Cite(pool, articles, self.options.cite_threshold)

    def _headline(
        self, articles: Sequence[Article], outlets: list[str], words: list[Counter[str]]
    ) -> tuple[str, tuple[int, ...]]:
        best: tuple[float, str, int] | None = None
        titles = [clean_title(a.title, a.site_name) for a in articles]
        title_words = [content_stems(t) for t in titles]
        for i, title in enumerate(titles):
            if not title:
                continue
            for part in _title_parts(title):
                vec = content_stems(part)
                others = [j for j in range(len(articles)) if outlets[j] != outlets[i]]
                n = len(part.split())
                score = (
                    sum(cosine(vec, title_words[j]) for j in others)
                    + sum(cosine(vec, words[j]) for j in others)
                    + cosine(vec, content_stems(articles[i].text))
                    - 0.1 * abs(n - self.options.headline_words)
                    - 0.3 * bool(re.search(r"[\"“”‘’']", part))
                    - 1.0 * ("?" in part)
                    - 0.2 * (":" in part)
                )
                if best is None or score > best[0]:
                    best = (score, part, i)
        if best is None:
            return "", ()
        _, text, index = best
        vec = content_stems(text)
        sources = {articles[index].id}
        for j, article in enumerate(articles):
            if j != index and cosine(vec, title_words[j]) >= self.options.cite_threshold:
                sources.add(article.id)
        ids = tuple(sorted(i for i in sources if i is not None))
        return headline_case(text, self.options.headline_case), ids

    def _fallback(
        self, articles: Sequence[Article], headline: str, sources: tuple[int, ...]
    ) -> Draft:
        """No usable sentence: the first paragraph (or the title) stands alone."""
        for article in articles:
            for paragraph in article.paragraphs:
                if paragraph.strip() and not is_boilerplate(paragraph):
                    ids = tuple(i for i in (article.id,) if i is not None)
                    text = " ".join(paragraph.split())
                    return Draft(headline or text[:80], Sentence(text, ids), (), self.name)
        return Draft(headline, Sentence(headline, sources), (), self.name)


class _Cite:
    """Cites a candidate's own article and each other article that supports it alone."""

    def __init__(
        self, pool: list[Candidate], articles: Sequence[Article], threshold: float
    ) -> None:
        self.pool = pool
        self.articles = articles
        self.threshold = threshold

    def __call__(self, c: Candidate) -> Sentence:
        ids = {self.articles[c.article].id}
        for other in self.pool:
            article = self.articles[other.article]
            if (
                article.id not in ids
                and cosine(c.tokens, other.tokens) >= self.threshold
                and not check_sentence(c.text, [article])
            ):
                ids.add(article.id)
        return Sentence(c.text, tuple(sorted(i for i in ids if i is not None)))
