"""What a headline says, the story's text says: a headline clause the text never tells goes.

A headline is chosen from the outlets' titles before the text is written, and a title
often tells more than the sentences the writer kept: "Facebook Board Upholds Trump Ban
but Orders New Review" over a text that never mentions the review, "US Job Openings
Rise to Record High, Layoffs Hit Record Low" over one that never mentions layoffs. A
headline's last clause (after ", ", "; " or " but ") whose words the text mostly does not
carry is cut (``carried_clauses``), where what is left still states the news. A figure
the text does not state is handled where the headline is chosen (``carried_headline``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.text import content_stems
from newsdesk.text.statements import has_verb, is_statement, is_verb_form

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


def carried_clauses(headline: str, text: str) -> str:
    """``headline`` up to its first clause that ``text`` does not carry (as it was where
    every clause is carried, or where cutting leaves no statement of ``MIN_HEAD_WORDS``).

    Args:
        headline: the chosen headline.
        text: the story's text, its sentences joined.
    """
    text_stems = set(content_stems(text))
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
            return head.rstrip(" ,;")
    return headline
