"""Coverage: which outlets covered a story, when, and what only each of them reported.

A fact is a sentence carrying a figure or a name (the verifier's own detectors). An
outlet reported it alone when no other outlet's articles state its figures and names,
which is what readers of Ground News or Kagi News look for, built on facts rather than
on left/right labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.models import Article, Draft
from newsdesk.text import names, number_label, numbers
from newsdesk.verify import check_sentence
from newsdesk.write.base import article_sentences, condense_attribution, is_boilerplate, outlet_of

MAX_ONLY_HERE = 5  # facts listed per outlet


def _fact_sentences(article: Article) -> list[str]:
    found = []
    for raw in article_sentences(article):
        sentence = condense_attribution(raw)
        if not is_boilerplate(sentence) and (numbers(sentence) or names(sentence)):
            found.append(sentence)
    return found


def _supported_elsewhere(sentence: str, others: Sequence[Article]) -> bool:
    """True when the other outlets state this sentence's figures and names."""
    problems = check_sentence(sentence, others)
    return not any(p.startswith(("number", "name")) for p in problems)


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
        others = [a for a in articles if outlet_of(a) != name]
        only_here: list[str] = []
        if others:
            for article in own:
                for sentence in _fact_sentences(article):
                    if len(only_here) >= MAX_ONLY_HERE:
                        break
                    if sentence not in only_here and not _supported_elsewhere(sentence, others):
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
