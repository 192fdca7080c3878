"""Which sentence may open the story, and where one that leans on the one before goes.

A sentence from inside an article may lead only where it leans on nothing before it
(``can_lead``); an article's opening "The ..." may where it shares the headline's words
(``tells_headline``). A sentence that leans on the one before it goes right after that
sentence in the draft, or is left out (``with_antecedents``).
"""

from __future__ import annotations

import re
from collections import Counter

from newsdesk.text import content_stems, cosine, stems
from newsdesk.text.numbers import quantities
from newsdesk.write.clean import leans_back
from newsdesk.write.scoring import PRONOUNS, Candidate

__all__ = ["HEADLINE_LEAD", "can_lead", "lead_choices", "tells_headline", "with_antecedents"]

# A sentence that leans on the one before it: a pronoun, a connective ("But", "And") or
# a comparison with something already told ("Similar fireworks are expected").
_NEEDS_ANTECEDENT = re.compile(
    rf"^(?:{PRONOUNS}|Such|Similar|Another|Both|Neither|The same|The other|But|And|Yet|"
    r"Still|Also|However|Then|So)\b"
)
# What a sentence from inside an article cannot open the story with: a definite "the
# <noun>" pointing back ("The philanthropist couple had tweeted ..."), a quotation, or
# a word set off by a comma that answers what came before ("Well, today Enten is ...").
_POINTS_BACK = re.compile(r"^(?:The [a-z]|[“\"‘']|\w+,)")
# An article's own opening "The <noun>" names its news; one that is a quotation or
# answers something ("Well, ...") still points back.
_OPENING_POINTS_BACK = re.compile(r"^(?:[“\"‘']|\w+,)")
# The cosine to the headline from which an opening "The ..." tells the headline's news
# (tuned on NeuS dev items 300-1199: 0.2 / 0.3 / 0.4 within 0.02; docs/decisions/write.md).
HEADLINE_LEAD = 0.3


def with_antecedents(
    lead: list[Candidate], rest: list[Candidate]
) -> tuple[list[Candidate], list[Candidate], dict[tuple[int, int], list[Candidate]]]:
    """Place each sentence that leans on the one before it right after that sentence.

    "He has denounced the media" or "But not everyone is excited" read wrongly after
    another outlet's sentence: such a sentence (not the first) goes directly after the
    sentence before it in its own article when the draft has that one, and is left out
    otherwise. A lead sentence whose "The ..." points back (``Candidate.refers``) at a
    sentence told later goes after it too, and stays where it is otherwise.

    Returns:
        The lead and the body without those sentences, and what follows which sentence
        (by ``Candidate.key``).
    """
    chosen = {c.key: c for c in (*lead, *rest)}
    after: dict[tuple[int, int], list[Candidate]] = {}
    moved: set[tuple[int, int]] = set()
    leading = [c.key for c in lead]
    for c in (*lead[1:], *rest):
        before = (c.article, c.position - 1)
        if _NEEDS_ANTECEDENT.match(c.text) or leans_back(c.text):
            moved.add(c.key)
            if before in chosen:
                after.setdefault(before, []).append(c)
        elif (
            c.key in leading
            and before in chosen
            and before not in leading[: leading.index(c.key)]
            and c.refers
            and c.refers in stems(c.text)  # not a role ("the governor"): a name was told
        ):
            # "The offer was made Wednesday ..." in the lead goes after the sentence that
            # made the offer (the body keeps each article's order anyway).
            moved.add(c.key)
            after.setdefault(before, []).append(c)
    keep = [c for c in lead if c.key not in moved], [c for c in rest if c.key not in moved]
    # A moved sentence whose antecedent was moved too is placed with it only if that
    # one found its own place; chains deeper than that are rare and simply dropped.
    placed = {c.key for c in (*keep[0], *keep[1])}
    after = {k: v for k, v in after.items() if k in placed}
    return keep[0], keep[1], after


def tells_headline(c: Candidate, headline: Counter[str]) -> bool:
    """Whether an article's opening "The ..." may open the story: it shares the headline's
    words (``HEADLINE_LEAD`` cosine or more), so its "The" names the headline's news ("The
    experimental coronavirus treatment remdesivir has generated ...") and points back at
    nothing ("The tables have turned ...", "The congresswoman's suggestion was ..." do not).
    """
    return bool(
        headline
        and c.position == 0
        and c.text.startswith("The ")
        and not _OPENING_POINTS_BACK.match(c.text)
        and cosine(c.tokens, headline) >= HEADLINE_LEAD
    )


def lead_choices(openings: list[Candidate], headline: str) -> list[Candidate]:
    """The openings that may lead: the neutral ones that stand alone where there are any
    (not a quotation whose speaker is "he"; an opening "The ..." where it tells the
    headline's news: ``tells_headline``), and of those the ones that state a figure of the
    headline where any does: the lead tells the news the headline names ("$70 Mln", not
    who is suspected)."""
    told = content_stems(headline)
    plain = [c for c in openings if (can_lead(c) or tells_headline(c, told)) and not c.loaded]
    figures = quantities(headline)
    plain = [c for c in plain if quantities(c.text) & figures] or plain
    return plain or openings


def can_lead(c: Candidate) -> bool:
    """Whether a sentence from inside its article can open the story: it leans on
    nothing before it (no pronoun, connective, pointing "The ..." or quotation)."""
    return not (
        c.refers
        or _NEEDS_ANTECEDENT.match(c.text)
        or _POINTS_BACK.match(c.text)
        or leans_back(c.text)
    )
