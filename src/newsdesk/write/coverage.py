"""Coverage: which outlets covered a story, when, and what only each of them reported."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from newsdesk.models import Article, Draft
from newsdesk.write.base import split_sentences

_FACT_TOKEN = re.compile(r"\d[\d,.]*\d|\d|\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})*")


def outlet_of(article: Article) -> str:
    return article.site_name or urlsplit(article.url).hostname or article.url


def _facts(text: str) -> set[str]:
    return {m.lower().replace(",", "") for m in _FACT_TOKEN.findall(text)}


def coverage(articles: Sequence[Article]) -> dict[str, Any]:
    """Per outlet: its articles (id, time, url, title) and the fact-bearing sentences whose
    numbers and names no other outlet mentions."""
    outlets: dict[str, list[Article]] = {}
    for article in articles:
        outlets.setdefault(outlet_of(article), []).append(article)
    result = []
    for name, own in outlets.items():
        others = " ".join(f"{a.title} {a.text}" for a in articles if outlet_of(a) != name)
        other_facts = _facts(others)
        only_here: list[str] = []
        for article in own:
            for sentence in split_sentences(article.text):
                facts = _facts(sentence[1:])  # the first word is capitalised anyway
                if facts and not facts & other_facts and len(only_here) < 5:
                    only_here.append(sentence)
        result.append(
            {
                "name": name,
                "articles": [
                    {
                        "id": a.id,
                        "url": a.url,
                        "title": a.title,
                        "published_at": a.published_at.isoformat() if a.published_at else None,
                    }
                    for a in own
                ],
                "only_here": only_here if len(outlets) > 1 else [],
            }
        )
    return {"outlets": result}


def what_changed(
    old_articles: Sequence[Article],
    new_articles: Sequence[Article],
    old_draft: Draft,
    new_draft: Draft,
) -> str:
    """A short line saying what a new version adds."""
    before = {outlet_of(a) for a in old_articles}
    added = sorted({outlet_of(a) for a in new_articles} - before)
    parts = []
    if added:
        parts.append("Added reporting from " + ", ".join(added) + ".")
    new_ids = {a.id for a in new_articles} - {a.id for a in old_articles}
    if new_ids and not added:
        parts.append(f"{len(new_ids)} more article(s) from outlets already cited.")
    if old_draft.headline != new_draft.headline:
        parts.append("New headline.")
    return " ".join(parts) or "Sources updated."
