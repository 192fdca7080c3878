"""A view that would open a story of its own joins the recent report it discusses.

Opinion and analysis pieces discuss an event in their own words: a column on a ruling
shares few words with the report of it, so the relative tests leave it alone beside the
report. A columnist writes within a day or two of the event, and still names its people
and figures. So a *view* (an article the kind classifier labelled opinion or analysis,
or a news report the text-voice model doubts: ``VoiceModel.doubts``, as write/plain.py
reads it) that would open a story joins the story it scores best against when that story
is recent (the article within ``event_hours`` of its first report), the score is at
least ``view_floor``, it leads the second best by ``view_margin``, and the article tells
at least ``view_facts`` facts of that story's own (``facts.distinctive_shared``); or,
telling none, the score is at least ``view_clear_floor`` and ``view_clear_margin`` times
the second best's. A view reports no event of its own, so a clear match to a recent story,
even a weak one, is the event it discusses; a news report scoring as weakly is as often
the saga's next event.

The mirror: a classified news report that would open a story joins the recent story it
scores best against when that story is made of views only (its column was first), on
``report_floor`` and ``report_margin``.

The kinds are the articles' own (``Article.kind``, set by the extract stage; an
unclassified article is neither a view nor a report here): the article's, and the
members' as ``ViewRule`` learns them from the articles the clusterer is given, so a
resumed run decides as an uninterrupted one with no saved state. How the constants were
chosen: docs/decisions/cluster.md, "Views join the report they discuss", "A view clearly
ahead needs no fact" and "Reports join the views that came first".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from newsdesk.classify.voice import voice_model
from newsdesk.cluster.options import ClusterOptions
from newsdesk.cluster.window import Story
from newsdesk.models import VIEW_KINDS, Article, ArticleKind


def is_view(article: Article) -> bool:
    """Whether ``article`` reads as a view: labelled opinion or analysis, or a
    classified news report the text-voice model doubts."""
    if article.kind in VIEW_KINDS:
        return True
    if article.kind is not ArticleKind.NEWS:
        return False  # unclassified, or a fact check, live blog ...: left as they are
    model = voice_model()
    return model.doubts(model.score(article.title, article.text))


class ViewRule:
    """The rule below with what it reads beyond an article's score: the facts of a
    story's own it tells (``facts``), and which of the open window's articles are views,
    to tell a story made of views only.

    It learns each article the clusterer is given: those it commits, and those of the
    open stories the stage hands it with a saved window (``OpenStory.articles``, read
    from the store with the kind extract saved), so a resumed run knows the same members
    as an uninterrupted one without saving anything. A member it was not given counts
    as a report. Whether an article is a view is read only when asked.
    """

    def __init__(self, facts: Callable[..., list[str] | None]) -> None:
        """``facts(article, story_id)``: the facts of the story's own that the article
        tells, None when the article is undated or more than ``event_hours`` after the
        story's first report (``JoinRule.facts_of``)."""
        self.facts = facts
        self._articles: dict[int, Article] = {}
        self._view: dict[int, bool] = {}

    def note(self, articles: Iterable[Article], open_ids: Collection[int] = ()) -> None:
        """Learn ``articles`` (those without an id are skipped); when what it holds is
        more than twice ``open_ids`` (the open window's articles) plus 1,024, forget the
        rest."""
        for article in articles:
            if article.id is not None and article.id not in self._view:
                self._articles.setdefault(article.id, article)
        if open_ids and len(self) > 2 * len(open_ids) + 1024:
            self._articles = {i: a for i, a in self._articles.items() if i in open_ids}
            self._view = {i: v for i, v in self._view.items() if i in open_ids}

    def __len__(self) -> int:
        """How many articles it holds (learnt, or already read)."""
        return len(self._articles) + len(self._view)

    def _is_view(self, article_id: int) -> bool:
        if article_id not in self._view:
            article = self._articles.pop(article_id, None)
            self._view[article_id] = article is not None and is_view(article)
        return self._view[article_id]

    def views_only(self, story: Story) -> bool:
        """Whether every member of ``story`` is a view."""
        return bool(story.members) and all(self._is_view(m.id) for m in story.members)

    def choose(
        self,
        article: Article,
        ranked: Sequence[tuple[float, int]],
        stories: Mapping[int, Story],
        options: ClusterOptions,
    ) -> int | None:
        """``view_story`` with this rule's facts and kinds."""
        return view_story(article, ranked, stories, self.facts, options, self)


def _clears(top: float, runner: float, floor: float, margin: float) -> bool:
    return floor > 0.0 and top >= floor and top >= margin * runner


def view_story(
    article: Article,
    ranked: Sequence[tuple[float, int]],
    stories: Mapping[int, Story],
    facts: Callable[..., list[str] | None],
    options: ClusterOptions,
    kinds: ViewRule,
) -> int | None:
    """The recent story a view (or a report) that would open its own should join, or None.

    A view joins any story, one of views only too; a classified news report joins only a
    story of views only, on its own terms (``report_*``). Why: docs/decisions/cluster.md.

    Args:
        article: the article, which the relative tests left without a story.
        ranked: its ``(score, story_id)`` candidates, best first.
        stories: the open stories by id.
        facts: ``facts(article, story_id)``: the facts of the story's own that the
            article tells, None when the article is undated or more than
            ``event_hours`` after the story's first report (``JoinRule.facts_of``).
        options: ``view_floor`` (0: off), ``view_margin``, ``view_facts``,
            ``view_clear_floor`` (0: off), ``view_clear_margin``,
            ``report_floor`` (0: off), ``report_margin``, ``report_facts``.
        kinds: the window's members' kinds (``ViewRule.views_only``).
    """
    if not ranked:
        return None
    top, best = ranked[0]
    if stories[best].first is None:
        return None
    runner = ranked[1][0] if len(ranked) > 1 else 0.0
    as_view = _clears(top, runner, options.view_floor, options.view_margin)
    clear = _clears(top, runner, options.view_clear_floor, options.view_clear_margin)
    as_view = as_view or clear
    as_report = _clears(top, runner, options.report_floor, options.report_margin)
    if not (as_view or as_report):
        return None
    if is_view(article):
        if not as_view:
            return None
        need = 0 if clear else options.view_facts
    elif as_report and article.kind is ArticleKind.NEWS and kinds.views_only(stories[best]):
        need = options.report_facts
    else:
        return None
    shared = facts(article, best)
    return best if shared is not None and len(shared) >= need else None
