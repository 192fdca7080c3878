"""The facts an article shares with an open story: names and figures that are the story's own.

A second comparison beside the bag of words (docs/decisions/cluster.md, "Facts"): two
reports of one event told in other words still name the same people, places and
organisations and state the same figures. A fact counts only when it is *distinctive* of
the story: most of the recent articles that hold it (the IDF table's counts: the open
window and the newest closed stories) are the story's own members, so "Biden" or
"Thursday" never count and "Lohmeier" or "266,000" do. Everything here is read from the
saved window (member vectors, the document-frequency table), so a resumed run decides
exactly as an uninterrupted one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsdesk.cluster.window import Story
from newsdesk.features import DocumentFrequencies
from newsdesk.models import Article
from newsdesk.text import TITLE_WORDS, fold, names, terms

# Capitalised, but a date, not a name: every event of the day has them (titles such as
# "Sen." before a name are left out likewise: ``TITLE_WORDS``).
CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december""".split()
)


def fact_terms(article: Article, max_words: int) -> set[str]:
    """The folded terms of the names and figures an article's text states.

    Names come from ``text.names`` over the paragraphs (a headline in title case would
    make every word a name), figures are the tokens with digits of the title and
    paragraphs; both are folded as the term vector folds them, so they can be looked up
    in a story's vector.

    Args:
        article: the article.
        max_words: read about this many words of the paragraphs (the vector's own limit).
    """
    body = " ".join(p for p in article.paragraphs if p.strip()) or article.summary or ""
    words = body.split()
    body = " ".join(words[:max_words])
    out = {fold(word) for name in names(body) for word in name.split()}
    out.update(t for t in terms(f"{article.title} {body}") if any(c.isdigit() for c in t))
    out.discard("")
    return out - CALENDAR_WORDS - TITLE_WORDS


def distinctive_shared(
    facts: set[str],
    stories: Sequence[Story],
    vec: Mapping[str, float],
    df: DocumentFrequencies,
    share: float,
) -> list[str]:
    """The facts of ``facts`` that every one of ``stories`` holds and that are theirs.

    Args:
        facts: ``fact_terms`` of the new article.
        stories: one open story, or two that may be one event (a fact both tell).
        vec: the article's term vector (a fact must be one of its terms).
        df: the clusterer's document-frequency table (the article not yet counted).
        share: the least part of the table's articles holding a fact that must be
            members of ``stories``.
    """
    out = []
    for term in facts:
        if term not in vec or any(term not in story.total for story in stories):
            continue
        held = df.df.get(term, 0)
        if held <= 0:
            continue
        own = sum(1 for story in stories for m in story.members if term in m.vec)
        if own >= share * held:
            out.append(term)
    return sorted(out)
