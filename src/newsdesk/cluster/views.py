"""A view that would open a story of its own joins the recent report it discusses.

Opinion and analysis pieces discuss an event in their own words: a column on a ruling
shares few words with the report of it, so the relative tests leave it alone beside the
report. A columnist writes within a day or two of the event, and still names its people
and figures. So a *view* (an article the kind classifier labelled opinion or analysis,
or a news report the text-voice model doubts: ``VoiceModel.doubts``, as write/plain.py
reads it) that would open a story joins the story it scores best against when that story
is recent (the article within ``event_hours`` of its first report), the score is at
least ``view_floor``, it leads the second best by ``view_margin``, and the article tells
at least ``view_facts`` facts of that story's own (``facts.distinctive_shared``).

Only the article's own kind is read (``Article.kind``, set by the extract stage; an
unclassified article reads as a news report and never takes this path), and the stories
are the window's, so a resumed run decides as an uninterrupted one. How the constants
were chosen: docs/decisions/cluster.md, "Views join the report they discuss".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from newsdesk.classify.voice import voice_model
from newsdesk.cluster.options import ClusterOptions
from newsdesk.cluster.window import Story
from newsdesk.models import Article, ArticleKind

VIEW_KINDS = frozenset({ArticleKind.OPINION, ArticleKind.ANALYSIS})


def is_view(article: Article) -> bool:
    """Whether ``article`` reads as a view: labelled opinion or analysis, or a
    classified news report the text-voice model doubts."""
    if article.kind in VIEW_KINDS:
        return True
    if article.kind is not ArticleKind.NEWS:
        return False  # unclassified, or a fact check, live blog ...: left as they are
    model = voice_model()
    return model.doubts(model.score(article.title, article.text))


def view_story(
    article: Article,
    ranked: Sequence[tuple[float, int]],
    stories: Mapping[int, Story],
    facts: Callable[..., list[str] | None],
    options: ClusterOptions,
) -> int | None:
    """The recent story a view that would open its own should join, or None.

    Args:
        article: the article, which the relative tests left without a story.
        ranked: its ``(score, story_id)`` candidates, best first.
        stories: the open stories by id.
        facts: ``facts(article, story_id)``: the facts of the story's own that the
            article tells, None when the article is undated or more than
            ``event_hours`` after the story's first report (``_facts_of``).
        options: ``view_floor`` (0: off), ``view_margin``, ``view_facts``.
    """
    if options.view_floor <= 0.0 or not ranked:
        return None
    top, best = ranked[0]
    if stories[best].first is None:
        return None
    runner = ranked[1][0] if len(ranked) > 1 else 0.0
    if top < options.view_floor or top < options.view_margin * runner:
        return None
    if not is_view(article):
        return None
    shared = facts(article, best)
    return best if shared is not None and len(shared) >= options.view_facts else None
