"""The cluster stage's store side: pending articles in, placements, storyline links and
the cluster window out, a batch per transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import partial

from newsdesk import embed
from newsdesk.cluster import (
    ClusterOptions,
    ClusterState,
    OpenStory,
    Placement,
    article_time,
    cluster,
    copy_brings_news,
    in_order,
    state_of_rows,
    state_rows,
    window_from_articles,
)
from newsdesk.cluster.storylines import KnownTerms, StorylineOptions, link_new
from newsdesk.models import Article, RunReport
from newsdesk.store.base import Store
from newsdesk.workers import ShouldStop

_CLUSTER_BATCH = 250  # articles placed, then saved with the cluster window, at a time
STORYLINES = StorylineOptions()  # when a story follows an earlier one (cluster/storylines.py)


def _never() -> bool:
    return False


def _before(when: datetime, span: timedelta) -> datetime:
    """``when - span``, or the earliest time there is for a page dated near year 1."""
    try:
        return when - span
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def run_cluster(
    store: Store, options: ClusterOptions, report: RunReport, should_stop: ShouldStop = _never
) -> None:
    """The cluster stage's store side. New articles that are not copies go through
    ``cluster.cluster`` a batch at a time, in date order, with the open stories and the
    saved window; each batch's placements, storyline links and window are written in one
    transaction, so a run killed at any point resumes exactly. Stories an operator retracted
    or suppressed close first (read each batch). Copies join their original."""
    pending = store.pending_cluster()
    if not pending:
        return
    now = datetime.now(UTC)
    copy_of = store.duplicates_of([a.id for a in pending if a.id is not None])
    originals = [a for a in in_order(pending, now) if a.id is not None and a.id not in copy_of]
    saved = store.cluster_window()
    state = state_of_rows(saved)
    if saved.clock is None:  # a store that kept no window: its open stories by date
        earliest = min(article_time(a, now) for a in pending)
        since = _before(earliest, timedelta(hours=options.quiet_hours))
        stories = [OpenStory(sid, tuple(articles)) for sid, articles in store.open_stories(since)]
    else:
        stories = _window_stories(store, state)
    embedder, vectors = None, None
    if options.use_embeddings:
        embedder = embed.shared_embedder()  # looked up here: tests swap it
        members = [a for story in stories for a in story.articles]
        vectors = embed.stored(store, embedder, [*members, *originals], should_stop)
        if vectors is None:
            return
    previous: ClusterState | None = state
    view = StorylineView(store)  # the stories storyline linking reads, for every batch
    if saved.clock is None and originals:
        lists = store.cluster_watch_lists()
        state = window_from_articles(stories, lists, options, embedder=embedder, embeddings=vectors)
        previous = None  # every row is new
    place = partial(cluster, options=options, now=now, embedder=embedder, embeddings=vectors)
    for start in range(0, len(originals), _CLUSTER_BATCH):
        if should_stop():
            return
        batch = originals[start : start + _CLUSTER_BATCH]
        result = place(batch, stories, state, closed=store.stories_not_live(list(state.stories)))
        with store.transaction():
            stored = _save_placements(store, result.placements, report)
            state, stories = result.renumbered(stored)
            store.save_cluster_window(state_rows(state, since=previous))
            view.place(result.placements, stored, batch)
            touched = {stored.get(p.story_id, p.story_id) for p in result.placements}
            links = _link_storylines(store, view, touched, batch, now)
            report.count("cluster.storyline_links", links)
        previous = state
    copies = {a.id: a for a in in_order(pending, now) if a.id in copy_of and a.id is not None}
    home_of = store.stories_of(list(copy_of.values()))
    while copies:
        # A copy of a copy that dedupe runs apart found waits until this loop has
        # placed its original, whatever their dates.
        ready = [i for i in copies if copy_of[i] not in copies] or list(copies)
        for copy_id in ready:
            if should_stop():
                return
            article = copies.pop(copy_id)
            home = home_of.get(copy_of[copy_id])
            if home is None:
                store.record_item_error(report.id, "cluster", article.url, "orphan_duplicate")
                report.error("cluster.orphan_duplicate")
                continue
            news = copy_brings_news(article, _story_articles(store, home))
            store.add_to_story(home, copy_id, article_time(article, now), rewrite=news)
            home_of[copy_id] = home
            report.count("cluster.republished")


def _window_stories(store: Store, state: ClusterState) -> list[OpenStory]:
    """The open stories of a saved window, with their articles (by id)."""
    ids = state.story_members()
    found = {a.id: a for a in store.articles([i for members in ids.values() for i in members])}
    return [
        OpenStory(sid, tuple(found[i] for i in sorted(members) if i in found))
        for sid, members in ids.items()
    ]


def _save_placements(
    store: Store, placements: Sequence[Placement], report: RunReport
) -> dict[int, int]:
    """Record the placements in order; returns the stored id of each story they opened."""
    stored: dict[int, int] = {}
    for p in placements:
        if p.opens:
            target = stored[p.story_id] = store.create_story(p.at)
            report.count("cluster.stories_created")
        else:
            target = stored.get(p.story_id, p.story_id)
            report.count("cluster.joined")
            if not p.rewrite:
                report.count("cluster.joined_without_news")
        store.add_to_story(target, p.article_id, p.at, rewrite=p.rewrite)
        if p.merged:
            store.merge_stories(target, [stored.get(i, i) for i in p.merged], p.at)
            report.count("cluster.merged", len(p.merged))
    return stored


class StorylineView:
    """The stories storyline linking reads (``Store.open_stories`` since a batch's
    earliest article less the longest gap), loaded at the first batch and then kept up
    to date with each batch's placements and merges, as the store records them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.loaded = False
        # Story -> its last article's time. Stored as UTC ISO text, whose order is time's.
        self.last: dict[int, datetime] = {}
        self.articles: dict[int, dict[int, Article]] = {}  # story -> its articles by id
        self.terms: KnownTerms = {}  # each article's, kept over the batches

    def place(
        self, placements: Sequence[Placement], stored: dict[int, int], batch: Sequence[Article]
    ) -> None:
        """Apply a batch's placements (``stored``: the ids of the stories it opened)."""
        if not self.loaded:
            return  # loaded after the batch is saved
        by_id = {a.id: a for a in batch}
        for p in placements:
            target = stored.get(p.story_id, p.story_id)
            merged = [stored.get(i, i) for i in p.merged if stored.get(i, i) != target]
            if any(i not in self.last for i in merged) or (not p.opens and target not in self.last):
                self.loaded = False  # a story older than the view: read it from the store
                return
            self.last[target] = max(self.last.get(target, p.at), p.at)
            self.articles.setdefault(target, {})[p.article_id] = by_id[p.article_id]
            for other in merged:
                self.articles[target].update(self.articles.pop(other, {}))
                del self.last[other]

    def stories(self, since: datetime) -> dict[int, list[Article]]:
        """What ``dict(store.open_stories(since))`` gives (stories and articles by id)."""
        if not self.loaded:
            self.last = self.store.open_story_times(since)
            self.articles = {
                sid: {a.id or 0: a for a in arts} for sid, arts in self.store.open_stories(since)
            }
            self.loaded = True
        return {
            sid: [articles[i] for i in sorted(articles)]
            for sid, articles in sorted(self.articles.items())
            if articles and sid in self.last and self.last[sid] >= since
        }


def _link_storylines(
    store: Store, view: StorylineView, touched: set[int], batch: list[Article], now: datetime
) -> int:
    """Link the stories that took articles to the earlier stories they follow (how many)."""
    gap = timedelta(days=STORYLINES.max_gap_days)
    since = _before(min(article_time(a, now) for a in batch), gap)
    lines = store.storylines_of(sorted(touched))
    links = link_new(view.stories(since), lines, touched, now, STORYLINES, view.terms)
    for sid, earlier in links.items():
        store.join_storyline(sid, earlier, now)
    return len(links)


def _story_articles(store: Store, story_id: int) -> list[Article]:
    """Every article of a story, copies included."""
    members = store.story_members(story_id)
    copies = store.articles([i for m in members for i in m.republished_by])
    return [*(m.article for m in members), *copies]
