"""Choosing the headline among the candidate titles, and what stands where none will do.

Each candidate (a news report's title, its parts and its shortening) is scored by how
central it is across outlets, near a target length, less the editor's penalties: a
label rather than a statement, a question, a part that drops the names of the title it
comes from ("Death Toll Rises to 117" from "KZN, Gauteng unrest: Death toll rises to
117"), a title over ``MAX_WORDS`` (``choose_headline``). Where no title passes, the
draft's own lead gives the headline (``headline_from_text``); a headline states no
figure that the story's text does not (``carried_headline``). The case is AP title case
(``headline_case``), shouted words lowered. Why these choices: docs/decisions/write.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from newsdesk.models import Article
from newsdesk.text import clean_title, content_stems, cosine, headline_case
from newsdesk.text.numbers import quantities
from newsdesk.write.base import outlet_of
from newsdesk.write.carried import carried_clauses
from newsdesk.write.headline.rules import allowed, tells_news
from newsdesk.write.headline.shorten import (
    CLAUSE_CUT,
    MAX_WORDS,
    MIN_WORDS,
    balanced,
    cut_at_last_clause,
    drops_speaker,
    leans_on_before,
    shortened,
    title_parts,
)

# A capitalised word not opening a sentence: a name, mostly.
_NAME = re.compile(r"(?<!^)(?<![.:?!] )\b[A-Z][\w’'.-]+")
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]+\b")
NOT_A_STATEMENT = 1.5  # score lost by a label or teaser
MAX_TITLE_WORDS = 17  # an outlet's whole title, at a cost per word over MAX_WORDS
OVER_BOUND = 0.5
QUESTION = 1.0
LOST_NAMES = 0.5
ROUNDING = 0.015  # "nearly 100" gives "99"; "ages 15 to 44" no "42-year"
SHORTENED = 1.0  # a title cut to the bound loses to a whole one of about the same standing


def _names(text: str) -> set[str]:
    return {m.group(0).lower() for m in _NAME.finditer(text)}


def _versions(whole: str, bound: bool) -> list[tuple[str, float]]:
    """A title part and what it costs: over ``MAX_WORDS`` words, each word more costs
    ``OVER_BOUND`` (an editor's whole title of 15 words beats a label) up to
    ``MAX_TITLE_WORDS``, and its clause-bounded shortening is offered beside it."""
    n = len(whole.split())
    if not bound or n <= MAX_WORDS:
        return [(whole, 0.0)]
    out = [(short, SHORTENED)] if (short := shortened(whole)) else []
    if n <= MAX_TITLE_WORDS:
        out.append((whole, OVER_BOUND * (n - MAX_WORDS)))
    return out


def choose_headline(
    articles: Sequence[Article],
    candidates: Sequence[int],
    outlets: Sequence[str],
    words: Sequence[Counter[str]],
    target_words: int,
    case: str,
    voice: bool = False,
    bound: bool = True,
    carried: str | None = None,
) -> tuple[str, tuple[int, ...]]:
    """The story's headline and the articles whose titles support it.

    Args:
        articles: the story's articles.
        candidates: indices of the articles whose titles may give the headline.
        outlets: each article's outlet.
        words: each article's stemmed words (title and text).
        target_words: the preferred headline length.
        case: "title" or "sentence".
        voice: whether a title in its author's voice may be chosen (``allowed``).
        bound: whether a title longer than ``MAX_WORDS`` counts only shortened.
        carried: the story's text, when written: a title with a figure it does not
            state ("5 Million Americans ..." beside a text that only says "Millions")
            is not a candidate.

    Returns:
        The headline ("" when no candidate has a usable title) and the ids of the
        articles whose titles support it.
    """
    best: tuple[float, str, int] | None = None
    titles = [clean_title(a.title, a.site_name) for a in articles]
    title_words = [content_stems(t) for t in titles]
    stated = None if carried is None else quantities(carried)
    for i in candidates:
        title = titles[i]
        if not title:
            continue
        whole_names = _names(title)
        others = [j for j in range(len(articles)) if outlets[j] != outlets[i]]
        own_text = content_stems(articles[i].text)
        for whole, cost in (v for t in title_parts(title) for v in _versions(t, bound)):
            part = whole if stated is None else within_figures(whole, stated)
            if not part or not allowed(part, voice):
                continue
            cost += SHORTENED * (part != whole)
            vec = content_stems(part)
            n = len(part.split())
            score = (
                sum(cosine(vec, title_words[j]) for j in others)
                + sum(cosine(vec, words[j]) for j in others)
                + cosine(vec, own_text)
                - 0.1 * abs(n - target_words)
                - 0.3 * bool(re.search(r"[\"“”‘’']", part))
                - QUESTION * ("?" in part)
                - 0.2 * (":" in part)
                - NOT_A_STATEMENT * (not tells_news(part))
                - LOST_NAMES * bool(whole_names and not whole_names & _names(part))
                - cost
            )
            if best is None or score > best[0]:
                best = (score, part, i)
    if best is None:
        return "", ()
    _, text, index = best
    vec = content_stems(text)
    sources = {articles[index].id}
    for j, article in enumerate(articles):
        if j != index and j in candidates and cosine(vec, title_words[j]) >= 0.45:
            sources.add(article.id)
    ids = tuple(sorted(i for i in sources if i is not None))
    return headline_case(text, case, lower_words(articles)), ids


def within_figures(title: str, stated: set[tuple[float, str]]) -> str:
    """``title`` where the text states each of its figures; else its head up to the last
    clause boundary before a figure the text does not state ("KZN, Gauteng Unrest: Death
    Toll Rises to 117 | , Over 2,200 Arrested" beside a text that never gives the
    arrests); "" where no such head is a statement that keeps who said it. A figure the
    text rounds ("99 unaccounted for" beside "nearly 100 people") counts as stated."""
    if not _untold(title, stated):
        return title
    for m in reversed(list(CLAUSE_CUT.finditer(title))):
        head, tail = title[: m.start()].rstrip(" ,;"), title[m.start() :]
        if (
            len(head.split()) >= MIN_WORDS
            and not _untold(head, stated)
            and tells_news(head)
            and balanced(head)
            and not drops_speaker(tail)
        ):
            return head
    return ""


def _untold(text: str, stated: set[tuple[float, str]]) -> bool:
    """Whether ``text`` has a figure that no stated one gives, to within rounding."""
    return any(
        not any(u == unit and abs(v - value) <= ROUNDING * abs(value) for v, u in stated)
        for value, unit in quantities(text) - stated
    )


def lower_words(articles: Sequence[Article]) -> set[str]:
    """The words the sources write in lower case (a shouted one is lowered to match)."""
    return {w for a in articles for w in _LOWER_WORD.findall(a.text)}


def headline_from_text(
    sentences: Sequence[str],
    articles: Sequence[Article],
    candidates: Sequence[int],
    target_words: int,
    case: str,
) -> str:
    """A headline from the draft's own sentences, where no title within the bound gives one.

    Args:
        sentences: the draft's sentences, lead first.
        articles: the story's articles.
        candidates: indices of the articles whose titles may give the headline.
        target_words: the preferred headline length.
        case: "title" or "sentence".

    Returns:
        The first sentence that ``shortened`` makes a headline of and that ``allowed``
        passes; else the best title over the bound whose figures the sentences state;
        else the lead up to its last clause boundary within ``MAX_WORDS``, where that is
        short and no quotation; else the best such title in its outlet's voice; else the
        lead's cut however long.
    """
    lower = lower_words(articles)
    for text in sentences:
        found = "" if leans_on_before(text) else shortened(text)
        if found and allowed(found):
            return headline_case(found, case, lower)
    outlets = [outlet_of(a) for a in articles]
    words = [content_stems(f"{a.title} {a.text}") for a in articles]
    told = " ".join(sentences)
    args = (articles, candidates, outlets, words, target_words, case)
    title, _ = choose_headline(*args, bound=False, carried=told)
    if title:
        return title
    lead = " ".join(sentences[0].split()) if sentences else ""
    cut = cut_at_last_clause(lead)
    if len(cut.split()) > MAX_WORDS or leans_on_before(lead):
        # No short statement: a report's title in its outlet's voice ("Why Honoring Those
        # Who Sacrificed Their Lives for Our Nation Should Never Be Overlooked") reads as a
        # headline; a 40-word opening sentence or a quotation with its tag does not.
        title, _ = choose_headline(*args, voice=True, bound=False, carried=told)
        if title:
            return title
    return headline_case(cut, case, lower)


def carried_headline(
    headline: str,
    told: Sequence[str],
    articles: Sequence[Article],
    candidate_sets: Sequence[Sequence[int]],
    target_words: int,
    case: str,
) -> str:
    """``headline`` where the text states every figure in it; else the best title whose
    figures the text states, where one does (else ``headline`` still; where there is
    none, one made from the text: ``headline_from_text``). A last clause the text does
    not tell is cut (``carried.carried_clauses``).

    A headline's facts are the text's: "5 Million Americans Skipped Second COVID-19
    Vaccine Shot" over a text that says only "Millions of Americans are skipping ..."
    tells the reader a figure the story never gives or cites.

    Args:
        headline: the headline chosen before the text was written ("" for none).
        told: the text's sentences, lead first.
        articles: the story's articles.
        candidate_sets: the indices of the articles whose titles may give the
            headline, in the order to try them.
        target_words: the preferred headline length.
        case: "title" or "sentence".
    """
    text = " ".join(told)
    if not headline:
        reports = sorted({i for c in candidate_sets for i in c})
        return headline_from_text(told, articles, reports, target_words, case)
    if not quantities(headline) - quantities(text):
        return carried_clauses(headline, text)
    outlets = [outlet_of(a) for a in articles]
    words = [content_stems(f"{a.title} {a.text}") for a in articles]
    for candidates in candidate_sets:
        found, _ = choose_headline(
            articles, candidates, outlets, words, target_words, case, carried=text
        )
        if found:
            return carried_clauses(found, text)
    # No title keeps to the text's figures: a headline made from the text's own
    # sentences reads as a fragment more often than not, so the title stands.
    return carried_clauses(headline, text)
