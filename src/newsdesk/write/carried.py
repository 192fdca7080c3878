"""What a headline says, the story's text says: a headline clause the text never tells goes.

A headline is chosen from the outlets' titles before the text is written, and a title
often tells more than the sentences the writer kept: "Facebook Board Upholds Trump Ban
but Orders New Review" over a text that never mentions the review, "US Job Openings
Rise to Record High, Layoffs Hit Record Low" over one that never mentions layoffs. A
headline's last clause (after ", ", "; " or " but ") whose words the text mostly does not
carry is told by a sentence that carries it where a report has one (``_telling_clause``),
and cut otherwise (``carried_clauses``), where what is left still states the news. A figure
the text does not state is handled where the headline is chosen (``carried_headline``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from newsdesk.models import Sentence
from newsdesk.text import content_stems
from newsdesk.text.statements import has_verb, is_statement, is_verb_form
from newsdesk.write.scoring import Candidate

Paragraphs = tuple[tuple[Sentence, ...], ...]
MAX_CHAIN = 2  # a telling sentence brings at most this many it leans on before it
MAX_DROPPED = 2  # the body's last sentences that may give way to it

# Where a headline's clause begins: after a comma, a semicolon or "but" ("Upholds Trump
# Ban but Orders New Review", "Rise to Record High, Layoffs Hit Record Low").
_JOINT = re.compile(r",\s|;\s|\s(?=but\s)", re.I)
MIN_HEAD_WORDS = 4  # what is left must still be a headline
# A clause is carried when at least half of its content words are in the text.
CARRIED = 0.5
_PREFIX = 5  # "upholds" / "upheld" share no stem but "uphol"
# A clause that names who said it ("..., Leading Scientists Say"): cutting it would state
# a claim as fact.
_SPEAKER = re.compile(
    r"\b(?:say|says|said|tells?|told|according|claims?|report|reports|warns?|insists?)\b", re.I
)
# A comma after a preposition's object continues a list ("Challenges From China, Russia").
_LIST_AFTER = frozenset("from with against between among of to for including like in on at".split())


def _carried_words(words: Iterable[str], text_stems: set[str]) -> float:
    """The share of ``words`` (content stems) that the text carries, by stem or by its
    first ``_PREFIX`` letters ("uphold" is carried by "upheld")."""
    words = list(words)
    if not words:
        return 1.0
    prefixes = {s[:_PREFIX] for s in text_stems if len(s) >= _PREFIX}
    found = sum(w in text_stems or (len(w) >= _PREFIX and w[:_PREFIX] in prefixes) for w in words)
    return found / len(words)


def _after_preposition(head: str) -> bool:
    words = head.split()
    return len(words) > 1 and words[-2].lower() in _LIST_AFTER


def _uncarried(headline: str, text_stems: set[str]) -> tuple[str, set[str]] | None:
    """The headline before its first clause that the text does not carry, and that
    clause's own content words; None where every clause is carried (or cutting would
    leave no statement, or drop who said it)."""
    for m in _JOINT.finditer(headline):
        head, tail = headline[: m.start()], headline[m.end() :]
        tail_words = set(content_stems(tail)) - set(content_stems(head))
        if (
            len(tail_words) >= 2
            and (has_verb(tail) or has_verb(f"to {tail}"))  # "..., Plead for Police Reform"
            and not _SPEAKER.search(tail)
            and not (_after_preposition(head) and not is_verb_form(tail.split()[0], "to"))
            and _carried_words(tail_words, text_stems) < CARRIED
            and len(head.split()) >= MIN_HEAD_WORDS
            and is_statement(head)
            and _carried_words(content_stems(head), text_stems) >= CARRIED
        ):
            head = head.rstrip(" ,;")
            if not re.search(r"\b(?:[A-Z]\.){2,}$", head):  # "... Harvesting." but "the U.S."
                head = head.rstrip(".")
            return head, tail_words
    return None


def carried_clauses(headline: str, text: str) -> str:
    """``headline`` up to its first clause that ``text`` does not carry (as it was where
    every clause is carried, or where cutting leaves no statement of ``MIN_HEAD_WORDS``).

    Args:
        headline: the chosen headline.
        text: the story's text, its sentences joined.
    """
    found = _uncarried(headline, set(content_stems(text)))
    return headline if found is None else found[0]


def _telling_clause(clause: set[str], told: Sequence[str], sentences: Sequence[str]) -> int | None:
    """Which of ``sentences`` tells the headline's clause (its content words ``clause``,
    by ``_uncarried``) that the text ``told`` does not (most of those words; the first
    such, by the order given), so that the text can carry it rather than the headline
    lose it; None where no sentence tells it."""
    for i, sentence in enumerate(sentences):
        if sentence not in told and _carried_words(clause, set(content_stems(sentence))) >= CARRIED:
            return i
    return None


def tell_headline(
    headline: str,
    summary: Sentence,
    paragraphs: Paragraphs,
    pool: Sequence[Candidate],
    cite: Callable[[Candidate], Sentence],
    stands: Callable[[Candidate], bool],
    max_words: int,
) -> Paragraphs:
    """``paragraphs`` with a report's sentence that tells the headline's clause the text
    does not (``_telling_clause``), the shortest first: one that stands alone goes last,
    one that leans on the sentences before it in its article ("But it criticised ... It
    has ordered Facebook to review the decision ...") goes with them (``MAX_CHAIN`` at
    most) right after the one the text tells. To keep within ``max_words``, the body's
    last sentences (the least important: ``MAX_DROPPED`` at most) give way. As they were
    where no sentence tells it.

    Args:
        headline: the chosen headline.
        summary: the lead sentence.
        paragraphs: the body.
        pool: the candidate sentences of the reports, loaded ones left out.
        cite: a candidate as a sentence of the text, with its sources.
        stands: whether a candidate can stand where its article's sentence before it is not.
        max_words: the text's bound.
    """
    told = [s.text for s in (summary, *(s for p in paragraphs for s in p))]
    found = _uncarried(headline, set(content_stems(" ".join(told))))
    if found is None:
        return paragraphs  # nearly every story: nothing to tell
    room = max_words - sum(len(t.split()) for t in told)
    body = [s.text for p in paragraphs for s in p]
    placed = {c.key: c.text for c in pool if c.text in told}
    at = {c.key: c for c in pool}
    options: list[tuple[list[Candidate], str, int]] = []
    for c in pool:
        chain = [c]  # with the sentences it leans on, back to one the text tells
        while not stands(chain[0]) and len(chain) <= MAX_CHAIN:
            before = (c.article, chain[0].position - 1)
            if before in placed or before not in at:
                break
            chain.insert(0, at[before])
        after = "" if stands(chain[0]) else placed.get((c.article, chain[0].position - 1), "")
        if c.text in told or not (stands(chain[0]) or after):
            continue
        # Room is made by leaving out the body's last sentences (``MAX_DROPPED`` at most).
        need, dropped = sum(x.words for x in chain) - room, 0
        while need > 0 and dropped < min(MAX_DROPPED, len(body)) and body[-1 - dropped] != after:
            need -= len(body[-1 - dropped].split())
            dropped += 1
        if need <= 0:
            options.append((chain, after, dropped))
    options.sort(key=lambda o: sum(x.words for x in o[0]))  # the shortest telling first
    chosen = _telling_clause(found[1], told, [chain[-1].text for chain, _, _ in options])
    if chosen is None:
        return paragraphs
    chain, after, dropped = options[chosen]
    gone = set(body[len(body) - dropped :])
    kept = tuple(p for p in (tuple(s for s in p if s.text not in gone) for p in paragraphs) if p)
    lines = tuple(cite(x) for x in chain)
    if not after:
        return (*kept, lines)
    if after == summary.text:
        return (lines, *kept)
    return tuple(
        tuple(x for s in p for x in ((s, *lines) if s.text == after else (s,))) for p in kept
    )
