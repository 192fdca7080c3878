"""Corroborating citations: the other articles of a story that state a sentence's claim.

A sentence cites its own article and every other article that supports it on its own
(``verify.supports``). That is strict: it wants every word of the sentence in one of
the other article's sentences, so another outlet telling the same fact in its own
words is rarely cited. ``corroborates`` also accepts an article whose sentence
(``verify.near_support``) bears out every name and role, figure, date, quotation and
negation or modal of the claim as the verifier reads them, and besides that:

* tells the same event: each action of the claim (its news verbs and event nouns,
  ``shape.events``) is one of that sentence's;
* lacks none of the claim's verbs and at most ``MAX_MISSING`` of its other words, and
  at most ``MISSING_SHARE`` of them (none where the claim tells no action and quotes
  no one: the word missing is then often its point, "is done being apolitical");
* quotes no one where the claim quotes no one (a quotation bears out only itself);
* gives no other figure for a thing the claim counts (``counts.disagreement``).

Measurements and the hand check: docs/decisions/write.md.
"""

from __future__ import annotations

from newsdesk.models import Article
from newsdesk.text import content_stems
from newsdesk.verify import near_support, supports
from newsdesk.write.counts import disagreement
from newsdesk.write.shape import events

__all__ = ["MAX_MISSING", "MISSING_SHARE", "corroborates"]

MAX_MISSING = 2  # the claim's words (not names, figures or verbs) its support may lack
MISSING_SHARE = 0.15  # and at most this share of the claim's content words (one in seven)


def corroborates(text: str, article: Article) -> bool:
    """Whether ``article`` states the claim of the sentence ``text`` (see the module
    docstring): it supports it, or one of its sentences tells the same event with the
    same names, figures and quotations in a few other words."""
    if supports(text, [article]):
        return True
    near = near_support(text, article)
    if near is None:
        return False
    if near.quoted and not _quotes(text):
        return False
    verbs, actions = events(text)
    if not actions <= events(near.text)[1] or near.missing & verbs:
        return False
    # A claim that tells no action and quotes no one is told by its words alone, and a
    # missing one is often its point ("is done being apolitical"): none may be missing.
    most = MAX_MISSING if actions or _quotes(text) else 0
    if len(near.missing) > min(most, MISSING_SHARE * len(content_stems(text))):
        return False
    return disagreement(text, near.text) is None and disagreement(near.text, text) is None


def _quotes(text: str) -> bool:
    return any(mark in text for mark in '"“”')
