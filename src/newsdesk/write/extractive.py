"""The default writer: extractive, multi-document, no model and no network.

Opinion and analysis pieces (``Article.kind``) make no neutral text: each becomes one
attributed line in the Perspectives (``perspectives``), and a story of nothing else is
told in those lines alone. The news reports' sentences are cleaned (``clean``:
boilerplate, outlet voice, labels and unsupported opening clauses go; a sentence cut off
or a quotation without its speaker is never used; nothing is reworded) and scored by how
central each is across outlets (``scoring``), less a little for each loaded word outside
quotes (``text.loaded``). An article opening comes first: of the neutral openings that
stand alone (``lead``: an opening "The ..." where it shares the headline's words), of
those that state a figure of the headline where any does, the one whose score, its
article's agreement with the other outlets and its wording add up highest
(``scoring.lead_credit``); then the best-scored sentences that tell no fact already told
(``shape.same_fact``) and no action of an actor already told in other words
(``shape.same_action``), up to a lead in proportion to the material, then a few body
sentences in source order, background last, the whole bounded in length. A sentence that
leans on the one before it goes right after it (``lead``); one whose "The ..." points
back at something our text never named, or that gives alone a name its source gave in
full before ("..., tweeted Italiano."), is left out until our text has named it. Where
two outlets give different figures for one counted thing, one line says so with
attribution (``attribution``). The headline is chosen by ``headline``. Every sentence
cites its own article and every other article that states its claim (``attribution``,
``corroborate``: the verifier's check against that article alone, or one of its
sentences with the same names, figures, quotes and event words). Measurements and
rejected variants: docs/decisions/write.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from newsdesk.config import default
from newsdesk.models import Article, Draft, Perspective, Sentence
from newsdesk.text import content_stems, cosine, headline_case, names, stems
from newsdesk.text.loaded import loaded_words
from newsdesk.write.attribution import Cite, dated, told_once_with_attribution
from newsdesk.write.base import article_sentences, is_boilerplate, lead_budget, outlet_of
from newsdesk.write.carried import tell_headline
from newsdesk.write.clean import clean_sentence, role_reference, usable
from newsdesk.write.factcheck import is_fact_check, tells_checked_claim, with_findings
from newsdesk.write.headline import carried_headline, choose_headline, views_headline
from newsdesk.write.lead import can_lead, lead_choices, with_antecedents
from newsdesk.write.perspectives import is_view, perspectives
from newsdesk.write.plain import opens_loaded, plain_reports
from newsdesk.write.scoring import WEIGHTS, Candidate, features_of, lead_credit
from newsdesk.write.shape import is_context, reference, same_action, same_fact, surname_reference

__all__ = ["ExtractiveWriter", "WriterOptions"]


@dataclass(frozen=True, slots=True)
class WriterOptions:
    """How the default writer shapes a story.

    ``lead_words`` 0 sizes the lead by the material (``lead_budget``); the weights were
    tuned on NeuS/AllSides train items only (see bench/ and the eval docs).
    """

    headline_case: str = default("write.headline_case")  # "title" or "sentence"
    headline_words: int = 7  # preferred headline length; longer or shorter costs a little
    lead_words: int = 0  # 0: in proportion to the articles' length
    body_sentences: int = 4  # after the lead
    sentences_per_paragraph: int = 2
    max_words: int = 120  # the whole text, lead and body (docs/decisions/write.md)
    redundancy: float = 0.5  # cosine above which a candidate repeats a pick
    body_redundancy: float = 0.45  # the same, for a body sentence against the lead and body
    cite_threshold: float = 0.45  # cosine from which another article may support a sentence
    headline_affinity: float = 0.15  # score credit per cosine to the chosen headline
    loaded_penalty: float = 0.3  # score lost per loaded word outside quotes: the neutral wins


class ExtractiveWriter:
    """The default writer (see the module docstring)."""

    name = "extractive"

    def __init__(self, options: WriterOptions | None = None) -> None:
        self.options = options or WriterOptions()

    def write(self, articles: Sequence[Article]) -> Draft:
        """Write one story from its articles.

        Args:
            articles: the story's articles (ids set), any kind.

        Returns:
            A draft whose every sentence is a (shortened) source sentence citing the
            articles that support it, or an attributed line; opinion and analysis
            pieces in its perspectives.
        """
        views = [a for a in articles if is_view(a)]
        reports = [i for i, a in enumerate(articles) if not is_view(a)]
        lines = perspectives(views, beside_news=bool(reports))
        if not reports:
            return self._views_only(articles, lines)
        draft = self._news(articles, reports)
        return replace(draft, perspectives=lines)

    # ------------------------------------------------------------------ steps

    def _news(self, articles: Sequence[Article], reports: list[int]) -> Draft:
        """The neutral text, written from the news reports (``reports``: their indices)."""
        outlets = [outlet_of(a) for a in articles]
        words = [content_stems(f"{a.title} {a.text}") for a in articles]
        sentences = self._sentences(articles, outlets, words)
        # Reports that read like views give no sentence where a plainer one can (``plain``).
        text_from, lead_from = plain_reports(articles, reports)
        pool = [c for c in sentences if c.article in text_from]
        pool = pool or [c for c in sentences if c.article in reports]
        pool = self._scored(pool, articles, outlets, words)
        heat = self.options.loaded_penalty
        pool = [
            replace(c, score=c.score - heat * loaded, loaded=loaded)
            for c in pool
            for loaded in [len(loaded_words(c.text))]
        ]
        headline_sources: tuple[int, ...] = ()
        # The plainest reports' titles first (one kept from leading only by its loaded
        # opening too: ``allowed`` judges its title), then every report's.
        titled = lead_from + [
            i for i in text_from if i not in lead_from and opens_loaded(articles[i])
        ]
        candidate_sets = [titled] if titled == reports else [titled, reports]
        for candidates in candidate_sets:
            headline, headline_sources = choose_headline(
                articles,
                candidates,
                outlets,
                words,
                self.options.headline_words,
                self.options.headline_case,
            )
            if headline:
                break
        if not pool:
            return self._fallback([articles[i] for i in reports], headline, headline_sources)
        if headline and self.options.headline_affinity:
            # The lead bears out the headline: a little credit for sharing its words.
            vec = content_stems(headline)
            weight = self.options.headline_affinity
            pool = [replace(c, score=c.score + weight * cosine(c.tokens, vec)) for c in pool]
        picked = self._pick(pool, lead_from, headline)
        budget = self.options.lead_words or lead_budget(articles)
        lead: list[Candidate] = []
        total = 0
        for c in picked:
            if lead and total + c.words - budget > budget - total:
                break
            lead.append(c)
            total += c.words
        rest: list[Candidate] = []
        for c in picked:
            if len(rest) >= self.options.body_sentences:
                break
            if c in lead:
                continue
            # The body is read after the lead: one outlet's telling of a fact is enough.
            if any(cosine(c.tokens, p.tokens) >= self.options.body_redundancy for p in lead + rest):
                continue
            rest.append(c)
        rest.sort(key=lambda c: (is_context(c.text), c.position, c.article))
        lead, rest, after = with_antecedents(lead, rest)
        cite = Cite(sentences, articles, self.options.cite_threshold)
        summary, paragraphs = self._assemble(lead, rest, after, headline, cite)
        summary, paragraphs = told_once_with_attribution(
            summary, paragraphs, sentences, articles, outlets
        )
        # A headline clause the text does not tell: a report's sentence that tells it, else
        # the headline loses it (``carried_headline``).
        plain = [c for c in pool if not c.loaded]
        limit = self.options.max_words
        paragraphs = tell_headline(headline, summary, paragraphs, plain, cite, can_lead, limit)
        # "On Wednesday" in the lead is given its date: a reader may come to it any day.
        summary = dated(summary, articles[lead[0].article], articles)
        paragraphs = with_findings(summary, paragraphs, articles)  # a claim never stands alone
        told = [s.text for s in (summary, *(s for p in paragraphs for s in p))]
        return Draft(
            headline=carried_headline(  # its figures are the text's
                headline,
                told,
                articles,
                candidate_sets,
                self.options.headline_words,
                self.options.headline_case,
            ),
            summary=summary,
            paragraphs=paragraphs,
            writer=self.name,
        )

    def _assemble(
        self,
        lead: list[Candidate],
        rest: list[Candidate],
        after: dict[tuple[int, int], list[Candidate]],
        headline: str,
        cite: Cite,
    ) -> tuple[Sentence, tuple[tuple[Sentence, ...], ...]]:
        """Lay out the lead and the body, each sentence once, references resolved, bounded."""
        told = set(stems(headline))
        total = 0
        # The lead is sized by ``lead_budget``; the body fills up to ``max_words`` in all.
        limit = 0

        def fits(c: Candidate) -> bool:
            nonlocal total
            if c.refers and c.refers not in told:
                return False  # "The exchange ..." where our text never named one
            if limit and total + c.words > limit:
                return False
            told.update(stems(c.text))  # every stem, so ``c.tokens`` (content stems) too
            total += c.words
            return True

        def followed(c: Candidate) -> list[Sentence]:
            if not fits(c):
                return []
            out = [cite(c)]
            for d in after.get(c.key, ()):
                if not fits(d):
                    break
                out.append(cite(d))
            return out

        opening = followed(lead[0]) or [cite(lead[0])]
        summary, *lead_rest = opening
        lead_rest += [s for c in lead[1:] for s in followed(c)]
        limit = max(self.options.max_words, total)
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
        return summary, tuple(paragraphs)

    def _candidates(
        self, articles: Sequence[Article], outlets: list[str], words: list[Counter[str]]
    ) -> list[Candidate]:
        """Every article's usable sentences, scored (as bench/fit_writer_prior.py reads them)."""
        return self._scored(self._sentences(articles, outlets, words), articles, outlets, words)

    def _sentences(
        self, articles: Sequence[Article], outlets: list[str], words: list[Counter[str]]
    ) -> list[Candidate]:
        """The usable, cleaned sentences of every article, unscored."""
        found: list[Candidate] = []
        for index, article in enumerate(articles):
            others = {w for j, bag in enumerate(words) if outlets[j] != outlets[index] for w in bag}
            before: set[str] = set()
            surnames: set[str] = set()
            earlier: list[str] = []
            for position, raw in enumerate(article_sentences(article)):
                text = clean_sentence(raw, others, opening=not position)
                checked = is_fact_check(article) and tells_checked_claim(text)  # its rebuttal
                if usable(text) and not checked:
                    tokens = content_stems(text)
                    refers = (
                        role_reference(text, earlier)  # "the Republican president": a name
                        or reference(text, before)
                        or surname_reference(text, surnames)
                        if position
                        else ""
                    )
                    found.append(
                        Candidate(text, index, position, tokens, len(text.split()), refers=refers)
                    )
                before.update(stems(raw))
                earlier.append(raw)
                surnames.update(n.split()[-1].lower() for n in names(raw) if " " in n)
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
        others = [sum(o != outlets[i] for o in outlets) for i in range(len(articles))]
        return [
            replace(
                c,
                score=sum(WEIGHTS[k] * v for k, v in f.items()),
                lead_credit=lead_credit(f, others[c.article]),
            )
            for c, f in zip(pool, features, strict=True)
        ]

    def _pick(
        self,
        pool: list[Candidate],
        lead_from: Collection[int] = (),
        headline: str = "",
    ) -> list[Candidate]:
        ranked = sorted(pool, key=lambda c: (-c.score, c.article, c.position))
        # The story opens on a news lead: the best-scored article opening goes first (an
        # article's first sentence states the event; a later one leans on what came before),
        # one of the ``lead_from`` articles' where they have one.
        openings = [c for c in ranked if c.position == 0]
        preferred = [c for c in openings if c.article in lead_from]
        if openings and not preferred:
            # Its opening is unusable ("They opened the online flood-Gates."): its best
            # sentence that stands at the top leads before a doubtful report's opening.
            preferred = [c for c in ranked if c.article in lead_from and can_lead(c)]
        if preferred and all(c.loaded for c in preferred):
            # Loaded ("Consumer prices roared higher ..."): the plain sentence right after
            # it that stands at the top leads ("Inflation rose 5% in the 12-months ...").
            preferred += [
                c
                for c in ranked
                if not c.loaded
                and can_lead(c)
                and any(c.article == p.article and c.position == p.position + 1 for p in preferred)
            ]
        openings = preferred or openings
        if openings:
            # Of those that may lead (``lead_choices``), the lead of the article the
            # other outlets agree with most, told in the editors' words (``_opening``).
            first = self._opening(lead_choices(openings, headline))
            ranked.remove(first)
            ranked.insert(0, first)
            if not first.loaded:
                # A loaded opening docked from the lead would tell the news again in the
                # outlet's heat ("elevated Stefanik ... in a conference beholden to ...").
                docked = {first.article}
                if lead_from:
                    docked |= {c.article for c in ranked} - set(lead_from)
                ranked = [
                    c for c in ranked if not (c.position == 0 and c.loaded and c.article in docked)
                ]
        picked: list[Candidate] = []
        limit = self.options.body_sentences + 8
        for c in ranked:
            if len(picked) >= limit:
                break
            if any(self._same(c, p) for p in picked):
                continue
            picked.append(c)
        return picked

    def _opening(self, choices: list[Candidate]) -> Candidate:
        """The opening that leads, of those that may (``lead_choices``): the best by score
        plus ``scoring.lead_credit`` (bench/tune_lead.py replaces this to try others)."""
        return max(choices, key=lambda c: c.score + c.lead_credit)

    def _same(self, c: Candidate, picked: Candidate) -> bool:
        """Whether ``c`` tells what ``picked`` told: close in words, one fact or one action."""
        return (
            cosine(c.tokens, picked.tokens) >= self.options.redundancy
            or same_fact(c.text, picked.text)
            or same_action(picked.text, c.text)
        )

    def _views_only(self, articles: Sequence[Article], lines: Sequence[Perspective]) -> Draft:
        """A story of opinion and analysis alone: its perspective lines are its text."""
        if not lines:
            return self._news(articles, list(range(len(articles))))
        outlets = [outlet_of(a) for a in articles]
        words = [content_stems(f"{a.title} {a.text}") for a in articles]
        headline = views_headline(
            articles, outlets, words, self.options.headline_words, self.options.headline_case
        )
        first, *others = (Sentence(p.text, (p.article_id,)) for p in lines)
        return Draft(
            headline=headline or headline_case(first.text, self.options.headline_case),
            summary=first,
            paragraphs=tuple((s,) for s in others),
            writer=self.name,
        )

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
