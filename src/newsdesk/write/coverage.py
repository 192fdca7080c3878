"""Coverage: which outlets covered a story, when, and what only each of them reported.

A fact is a sentence carrying a figure or a name (the verifier's own detectors); dates,
weekdays and months are when a fact happened, not facts of their own. An outlet reported
a fact alone when no other outlet tells it: the fact does not name another outlet of the
story as its source, no other outlet has a sentence in nearly the same words, and the
others' articles state fewer than half of its figures and names (one detail told
differently, "Fourth Circuit" for "4th Circuit", does not make a fact that another outlet
also reported its own). That is what readers of Ground News or Kagi News look for, built
on facts rather than on left/right labels.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.models import Article, Draft
from newsdesk.text import (
    COMMON_WORDS,
    TITLE_WORDS,
    content_stems,
    cosine,
    names,
    number_label,
    plain_punctuation,
)
from newsdesk.text import numbers as stated_numbers
from newsdesk.write.base import article_sentences, condense_attribution, is_boilerplate, outlet_of

MAX_ONLY_HERE = 5  # facts listed per outlet
SAME_WORDS = 0.5  # cosine of content words above which two sentences tell one thing

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY}(?:,?\s+(?:19|20)\d\d)?|{_DAY}\s+(?:of\s+)?{_MONTH}"
    rf"(?:,?\s+(?:19|20)\d\d)?|{_MONTH}\s+(?:19|20)\d\d)\b"
    r"|(?<![\d,.$€£])\b(?:19|20)\d\d\b(?![,.]?\d|\s?%|\s?percent)"
    r"|\b\d{1,2}:\d\d(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.m\."
)
WHEN_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec""".split()
)


def without_dates(text: str) -> str:
    """``text`` with its dates and clock times taken out ("on July 14, 2021", "13:30")."""
    return _DATE.sub(" ", text)


def numbers(text: str) -> set[tuple[float, str]]:
    """The figures ``text`` states, leaving out the numbers of its dates and times."""
    return stated_numbers(without_dates(text))


def _names(sentence: str) -> list[str]:
    """The names a fact states: capitalised spans, less days, months and titles, and less
    the word opening the sentence ("Confirmed infections ...", "Top Senate Democrats ...")."""
    text = without_dates(sentence)
    skip = COMMON_WORDS | TITLE_WORDS | WHEN_WORDS
    found = []
    for n, span in enumerate(names(text)):
        words = span.split()
        if n == 0 and text.lstrip().startswith(span):
            words = words[1:]
        kept = [w for w in words if w.lower().rstrip(".") not in skip]
        if kept:
            found.append(" ".join(kept))
    return found


def _fact_sentences(article: Article) -> list[str]:
    found = []
    for raw in article_sentences(article):
        sentence = condense_attribution(raw)
        if sentence.endswith(("...", "…")):  # cut short where the text was clipped
            continue
        if not is_boilerplate(sentence) and (numbers(sentence) or _names(sentence)):
            found.append(sentence)
    return found


def _says(text: str, words: str) -> bool:
    """Whether ``text`` (lower case, plain punctuation) holds most of ``words``: a name
    is found when at least half of its words are ("U.S. Joe Biden", "Charles E. Schumer")."""
    split = plain_punctuation(words).lower().split()
    found = sum(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) is not None for w in split)
    return 2 * found >= len(split)


@dataclass(frozen=True, slots=True)
class _Told:
    """What one other outlet of a story said: its figures and its text (plain, lower case)."""

    figures: frozenset[tuple[float, str]]
    text: str

    def states(self, figure: tuple[float, str]) -> bool:
        value, kind = figure
        return figure in self.figures or (not kind and any(v == value for v, _ in self.figures))


@dataclass(frozen=True, slots=True)
class _Others:
    """What the other outlets of a story said: their names, sentences and texts."""

    outlets: tuple[str, ...]
    sentences: tuple[Counter[str], ...]
    told: tuple[_Told, ...]

    @classmethod
    def of(cls, name: str, articles: Sequence[Article]) -> _Others:
        by_outlet: dict[str, list[Article]] = {}
        for a in articles:
            if outlet_of(a) != name:
                by_outlet.setdefault(outlet_of(a), []).append(a)
        told = []
        for own in by_outlet.values():
            text = " ".join(f"{a.title}\n{a.text}" for a in own)
            told.append(_Told(frozenset(stated_numbers(text)), plain_punctuation(text).lower()))
        return cls(
            outlets=tuple({_bare_outlet(o) for o in by_outlet} - {""}),
            sentences=tuple(
                content_stems(condense_attribution(s))
                for own in by_outlet.values()
                for a in own
                for s in article_sentences(a)
            ),
            told=tuple(told),
        )

    def tell(self, sentence: str) -> bool:
        """True when they tell this fact: they are its named source ("..., the
        Washington Post reports"), one of their sentences is in nearly the same words, or
        they state at least half of its details. Where two or more other outlets state a
        detail, it is what the story is about (its people, places, main figure) and says
        nothing about this fact; it is not counted."""
        lowered = plain_punctuation(sentence).lower()
        if any(re.search(rf"(?<!\w){re.escape(o)}(?!\w)", lowered) for o in self.outlets):
            return True
        bag = content_stems(sentence)
        if any(cosine(bag, other) >= SAME_WORDS for other in self.sentences):
            return True
        found = [[told.states(f) for told in self.told] for f in numbers(sentence)] + [
            [_says(told.text, n) for told in self.told] for n in _names(sentence)
        ]
        if len(self.told) >= 2:
            found = [where for where in found if not all(where)]
        return 2 * sum(any(where) for where in found) >= len(found)


def _bare_outlet(name: str) -> str:
    """An outlet's name without a qualifier: "Fox News (Online News)" -> "fox news"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", plain_punctuation(name)).strip().lower()


def coverage(articles: Sequence[Article]) -> dict[str, Any]:
    """Per outlet: its articles (id, url, title, time) and the facts only it reported.

    Args:
        articles: the story's articles.

    Returns:
        ``{"outlets": [{"name", "articles": [...], "only_here": [sentence, ...]}]}``,
        outlets in order of their first article's time (unknown times last); JSON-able.
    """
    by_outlet: dict[str, list[Article]] = {}
    for article in articles:
        by_outlet.setdefault(outlet_of(article), []).append(article)
    result = []
    for name, own in by_outlet.items():
        others = _Others.of(name, articles)
        only_here: list[str] = []
        if others.outlets:
            for article in own:
                for sentence in _fact_sentences(article):
                    if len(only_here) >= MAX_ONLY_HERE:
                        break
                    if sentence not in only_here and not others.tell(sentence):
                        only_here.append(sentence)
        times = [a.published_at for a in own if a.published_at]
        result.append(
            {
                "name": name,
                "first_seen": min(times).isoformat() if times else None,
                "articles": [
                    {
                        "id": a.id,
                        "url": a.url,
                        "title": a.title,
                        "published_at": a.published_at.isoformat() if a.published_at else None,
                    }
                    for a in own
                ],
                "only_here": only_here,
            }
        )
    result.sort(key=lambda o: (o["first_seen"] is None, o["first_seen"] or ""))
    return {"outlets": result}


def _figures(draft: Draft) -> set[str]:
    found: set[str] = set()
    for sentence in draft.sentences():
        found.update(number_label(value, kind) for value, kind in numbers(sentence.text))
    return found


_WRITERS = {"llm": "the language model", "extractive": "the extractive writer"}


def _source_figures(articles: Sequence[Article]) -> set[str]:
    told = "\n".join(f"{a.title}\n{a.text}" for a in articles)
    return {number_label(value, kind) for value, kind in numbers(told)}


def what_changed(
    old_articles: Sequence[Article],
    new_articles: Sequence[Article],
    old_draft: Draft,
    new_draft: Draft,
) -> str:
    """A short line saying what a new version adds.

    A figure is new only when the previous version's sources did not state it: a version
    by another writer (the fallback after the model, or the model after the fallback)
    says so, and announces no figure that was there all along.

    Args:
        old_articles: the articles of the previous version.
        new_articles: the articles of this version.
        old_draft: the previous version's draft.
        new_draft: this version's draft.

    Returns:
        For example "Added reporting from Reuters, AP; new figures: 5000, 80."
    """
    before = {outlet_of(a) for a in old_articles}
    added = sorted({outlet_of(a) for a in new_articles} - before)
    parts = []
    new_writer = old_draft.writer != new_draft.writer
    if new_writer:
        parts.append(
            f"Written by {_WRITERS.get(new_draft.writer, new_draft.writer)} in place of "
            f"{_WRITERS.get(old_draft.writer, old_draft.writer)}"
        )
    if added:
        parts.append("Added reporting from " + ", ".join(added))
    new_ids = {a.id for a in new_articles} - {a.id for a in old_articles}
    if new_ids and not added:
        parts.append(f"{len(new_ids)} more article(s) from outlets already cited")
    figures = _figures(new_draft) - _figures(old_draft)
    if figures:
        figures -= _source_figures(old_articles)
    if figures:
        parts.append("new figures: " + ", ".join(sorted(figures)[:5]))
    if old_draft.headline != new_draft.headline and not new_writer:
        parts.append("new headline")
    return ("; ".join(parts) + ".") if parts else "Sources updated."
