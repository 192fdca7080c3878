"""The headline of a story of opinion and analysis alone, under its kind's label.

The most central of its pieces' titles under "Opinion: ...", "Analysis: ...", or
"Commentary: ..." where no page marks the kind (``views_label``): its author's voice is
allowed there, a loaded word or an open quote is not. Why these choices:
docs/decisions/write.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsdesk.classify.kind import page_kind
from newsdesk.models import Article, ArticleKind
from newsdesk.text import clean_title, headline_case
from newsdesk.write.headline.choose import choose_headline, lower_words
from newsdesk.write.headline.shorten import MAX_WORDS, shortened, title_parts


def views_headline(
    articles: Sequence[Article],
    outlets: Sequence[str],
    words: Sequence[Counter[str]],
    target_words: int,
    case: str,
) -> str:
    """The headline of a story of opinion and analysis alone: the most central of its
    pieces' titles under their kind's label (``views_label``), one in the outlet's own
    voice ("We Want Change") only when no other title will do; when every title breaks
    the rules, the first piece's title quoted, bounded (``quotable``).

    Args:
        articles: the story's pieces.
        outlets: each one's outlet.
        words: each one's stemmed words.
        target_words: the preferred headline length.
        case: "title" or "sentence".
    """
    label = views_label(articles)
    for voice in (False, True):  # a columnist's "We" only where no piece's title is free of it
        text, _ = choose_headline(
            articles, range(len(articles)), outlets, words, target_words, case, voice=voice
        )
        if text:
            return f"{label}: {text}"
    title = next((clean_title(a.title, a.site_name) for a in articles if a.title), "")
    if not title:
        return ""
    return f"{label}: “{headline_case(quotable(title), case, lower_words(articles))}”"


def quotable(title: str) -> str:
    """``title``, or where it runs over ``MAX_WORDS`` its longest self-contained part
    within the bound (``title_parts``, ``shortened``): a 37-word column title is no
    headline, quoted or not (it stays whole only where it has no such part)."""
    if len(title.split()) <= MAX_WORDS:
        return title
    parts = [p for p in title_parts(title) if len(p.split()) <= MAX_WORDS]
    parts += [short] if (short := shortened(title)) else []
    return max(parts, key=lambda p: len(p.split()), default=title)


def views_label(articles: Sequence[Article]) -> str:
    """ "Analysis" where every piece is an analysis, "Opinion" where the page of every
    piece marks it so (``page_kind``); else "Commentary": the text-voice model that calls
    a piece with no markup a view does not tell opinion from analysis."""
    kinds = {a.kind for a in articles}
    if kinds == {ArticleKind.ANALYSIS}:
        return "Analysis"
    if kinds == {ArticleKind.OPINION} and all(
        page_kind(a) is ArticleKind.OPINION for a in articles
    ):
        return "Opinion"
    return "Commentary"
