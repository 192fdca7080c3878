"""The one module that knows the order of the stages.

    ingest -> extract -> dedupe -> cluster -> write (+ verify) -> retain -> publish

The stages take and return plain values; their adapters here (``run_extract``,
``run_dedupe``, ``run_cluster``, ``run_write``, ``run_publish``) find each stage's pending
work in the store, call its entry point and mark what it has done, so a second run on the
same input does nothing new, and a run stopped at any point can be started again. One
bad item never stops a run: it is counted with its reason in the RunReport and recorded
in the store.

Several workers may share one PostgreSQL store (``Store.shared``). Then each takes work
through a ``WorkQueue``: extract and write by claims (no two workers take one item); the
stages that depend on order (dedupe, cluster, publish) by a stage lease, one worker at a
time, and only once the stages before them have nothing left, so that they see what a
single worker would have seen. A worker that finds a stage busy or not ready skips it;
the next run (its own or another worker's) does it. A SQLite store has one writer and
takes everything pending, as it always did.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from newsdesk import dedupe, ingest
from newsdesk.cluster import ClusterOptions
from newsdesk.config import Config, default
from newsdesk.extract import ExtractOptions, LearntBoilerplate, extract_safely
from newsdesk.models import Article, RawDocument, Rejected, RunReport, Source, StoryStatus
from newsdesk.pipeline.clustering import run_cluster
from newsdesk.publish import PublishReport, Site, SiteOptions, StoryState
from newsdesk.publish.search import index_story, remove_story
from newsdesk.publish.site import storyline_peers
from newsdesk.publish.views import article_leanings
from newsdesk.ratings import OutletLeanings
from newsdesk.retention import RetentionOptions, apply_retention
from newsdesk.store.base import CacheStore, Store
from newsdesk.workers import ShouldStop, WorkQueue, default_worker_id
from newsdesk.write import (
    ExtractiveWriter,
    PreviousVersion,
    Writer,
    WriterOptions,
    llm_writer,
    write_story,
)
from newsdesk.write.persist import ModelRetries, StoredReplies, count_outcome

log = logging.getLogger(__name__)

STAGES = ("ingest", "extract", "dedupe", "cluster", "write", "retain", "publish")

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while a stage works."""

Stage = tuple[str, Callable[[ShouldStop], None]]
"""A stage's name, and the call that runs it (given when to stop)."""


def _never() -> bool:
    return False


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """What the stages need from the config, in plain values."""

    extract: ExtractOptions
    cluster: ClusterOptions
    writer: WriterOptions
    site: SiteOptions
    dedupe_window: timedelta = timedelta(days=7)

    @classmethod
    def from_config(cls, config: Config) -> PipelineOptions:
        return cls(
            extract=ExtractOptions.from_config(config),
            cluster=(
                ClusterOptions.with_embeddings
                if config.get("cluster.use_embeddings")
                else ClusterOptions
            )(quiet_hours=float(config.get("cluster.quiet_hours"))),
            writer=WriterOptions(headline_case=str(config.get("write.headline_case"))),
            site=SiteOptions.from_config(config),
        )


def _arrival(article: Article) -> int:
    """Where the article's document came in: the order every stage breaks ties by.

    Article ids follow extraction, which several workers do in parallel; raw document ids
    follow ingestion, which is the same whoever extracts. With one worker the two agree.
    """
    return article.raw_id or 0


@contextmanager
def timed(report: RunReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        report.timings[stage] = round(
            report.timings.get(stage, 0.0) + time.perf_counter() - start, 4
        )


def save_boilerplate(store: CacheStore, learnt: LearntBoilerplate) -> None:
    """Add what ``learnt`` counted since its last save to the stored model (merge-safe)."""
    if learnt.unsaved:
        learnt.saved(store.update_outlet_boilerplate(learnt.add_unsaved))


def save_extracted(
    store: Store, raw: RawDocument, result: Article | Rejected, report: RunReport
) -> Article | None:
    """Record the extraction of ``raw``: its article (returned, with its id) or why not."""
    assert raw.id is not None
    if isinstance(result, Rejected):
        store.mark_extracted(raw.id, result.reason)
        store.record_item_error(report.id, "extract", raw.url, result.reason, result.detail)
        report.error(f"extract.{result.reason}")
        return None
    existing = store.article_by_url(result.url)
    if existing is not None and existing.raw_id != raw.id:
        # The same page reached us under another key (feed guid, tracking URL).
        store.mark_extracted(raw.id, "same_url")
        report.count("extract.same_url")
        return None
    with store.transaction():
        article_id = store.save_article(result)
        store.mark_extracted(raw.id)
    report.count("extract.articles")
    return replace(result, id=article_id)


ExtractMany = Callable[[list[RawDocument]], Iterator[Article | Rejected]]
"""Extracts a batch of documents elsewhere (the backfill's engine), yielding results in order."""


def run_extract(
    store: Store,
    options: ExtractOptions,
    report: RunReport,
    progress: Progress | None = None,
    should_stop: ShouldStop = _never,
    queue: WorkQueue | None = None,
    *,
    extract_many: ExtractMany | None = None,
    commit_every: int = 1,
) -> None:
    """Extract every stored raw document not extracted yet (claimed ones, when shared).

    ``extract_many`` may parse a batch elsewhere; what depends on the articles before
    (outlet boilerplate, the same-URL check) happens here, in arrival order, and
    ``commit_every`` documents are saved in one transaction.
    """
    queue = queue or WorkQueue(store, default_worker_id())
    learnt = LearntBoilerplate(store.outlet_boilerplate())
    # A source's own kind_of_articles outranks what each of its pages says.
    set_kinds = {s.id: s.article_kind for s in store.list_sources() if s.article_kind}
    done = 0
    for batch in queue.raw_batches(should_stop):
        if extract_many is None:
            results: Iterator[Article | Rejected] = (extract_safely(r, options) for r in batch)
        else:
            results = extract_many(batch)
        redone = set()
        if commit_every > 1:
            redone = store.raw_with_articles([r.id for r in batch if r.id is not None])
        for group in _groups(batch, commit_every, redone):
            if should_stop():
                break
            with store.transaction():
                # zip stops at the group's end without taking another result.
                for raw, result in zip(group, results, strict=False):
                    result = learnt.strip(result, options)
                    if isinstance(result, Article) and raw.source_id in set_kinds:
                        result = replace(result, kind=set_kinds[raw.source_id])
                    save_extracted(store, raw, result, report)
            done += len(group)
            if progress:
                progress("extract", done, 0)
        # Saved per batch: a crash loses at most one batch of observations, which only
        # delays learning a recurring line by those articles.
        save_boilerplate(store, learnt)


def _groups(
    batch: Sequence[RawDocument], size: int, alone: set[int]
) -> Iterator[list[RawDocument]]:
    """``batch`` in order, ``size`` documents a group, each of ``alone`` in a group of its own.

    Saving a document extracted before updates its article and marks the article's story
    for writing. Saved with others, it could hold one story while waiting for another that
    a cluster batch holds, in an order of its own: a deadlock (docs/decisions/store.md).
    """
    group: list[RawDocument] = []
    for raw in batch:
        if raw.id in alone:
            if group:
                yield group
                group = []
            yield [raw]
            continue
        group.append(raw)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def run_dedupe(
    store: Store, window: timedelta, report: RunReport, should_stop: ShouldStop = _never
) -> None:
    """Mark exact and near copies of earlier articles, in arrival order."""
    pending = sorted(store.pending_dedupe(), key=_arrival)
    if not pending:
        return
    earlier = store.recent_articles(since=dedupe.window_start(pending, window))
    for article, original in dedupe.dedupe(pending, earlier):
        if should_stop():
            return
        assert article.id is not None
        store.mark_duplicate(article.id, original)
        report.count("dedupe.unique" if original is None else "dedupe.duplicates")


def run_write(
    store: Store,
    writer: Writer,
    fallback: Writer,
    report: RunReport,
    progress: Progress | None = None,
    should_stop: ShouldStop = _never,
    queue: WorkQueue | None = None,
    retries: ModelRetries | None = None,
    language: str = default("write.language"),
) -> None:
    """Write a new version of every story whose sources changed (claimed, when shared),
    and, with ``retries`` (the model writer's queue), of those due to be offered to the
    model again."""
    queue = queue or WorkQueue(store, default_worker_id())
    if retries is not None:
        retries.offer_due(report)
    for todo in queue.story_batches(should_stop):
        for done, story_id in enumerate(todo, 1):
            if should_stop():
                return
            _write_story(store, story_id, writer, fallback, report, retries, language)
            if progress:
                progress("write", done, len(todo))


def _write_story(
    store: Store,
    story_id: int,
    writer: Writer,
    fallback: Writer,
    report: RunReport,
    retries: ModelRetries | None,
    language: str,
) -> None:
    """Write one version of ``story_id`` from its current articles (the write stage's I/O)."""
    members = store.story_members(story_id)
    articles = sorted((m.article for m in members), key=_arrival)
    if not articles:
        store.skip_writing(story_id)
        return
    old = store.versions(story_id)
    previous = None
    if old:
        previous = PreviousVersion(old[-1], tuple(store.articles(list(old[-1].article_ids))))
    try:
        written = write_story(story_id, articles, previous, writer, fallback, language=language)
    except Exception as exc:  # one story's failure must not stop the others
        log.exception("story %s: writing failed", story_id)
        store.record_item_error(report.id, "write", f"story:{story_id}", "write_error", repr(exc))
        report.error("write.write_error")
        return
    if writer is not fallback:
        count_outcome(report, written)
    if retries is not None and not retries.keep(story_id, written, previous, report):
        store.skip_writing(story_id)
        return
    store.save_version(written.version, written.coverage)
    report.count("write.versions")


def run_publish(store: Store, options: SiteOptions, *, full: bool = False) -> PublishReport:
    """Publish the stories whose page is missing or out of date (the publish stage's I/O).

    Only the stories changed since the last run are read: those with a new version, those
    merged or moved between storylines (``Store.page_changes``), and the other stories of
    their storylines, whose pages list them. Listings are made from the site's manifest.
    ``full`` writes every story again, whatever the site holds.
    """
    site = Site(options, full=full)
    changed, read = store.page_changes()
    todo = set(store.stories_to_publish()) | (changed & set(site.shown()))
    if site.rebuild:
        todo |= set(store.written_stories())  # redirects and removed pages too
    published = site.storylines()
    stored = store.storylines_of(list(todo))
    lines = [line for line in {*stored.values(), *map(published.get, todo)} if line is not None]
    stored |= store.storyline_members(lines)
    todo |= storyline_peers(published, stored, todo)
    leanings = OutletLeanings.read(store)
    ordered = sorted(todo)
    for start in range(0, len(ordered), site.batch):
        batch = ordered[start : start + site.batch]
        done = site.write(_story_states(store, batch, leanings))
        with store.transaction():  # one commit per batch, not one per story
            for story_id in done.unindexed:
                remove_story(store, story_id)
            for view in done.indexed:
                index_story(
                    store, view.id, view.version, view.headline, view.summary.text, view.body_text
                )
            # A story another worker is changing (a cluster batch holds its row) is left
            # unmarked, and published again by the next run: waiting for it while holding
            # the batch's other rows could deadlock with that worker.
            held = store.hold_stories([i for i, _ in (*done.sections, *done.published)])
            for story_id, section in done.sections:
                if story_id in held:
                    store.set_section(story_id, section)
            for story_id, version in done.published:
                if story_id in held:
                    store.mark_published(story_id, version)
    finished = site.finish()
    store.clear_page_changes(read)
    return finished


def _story_states(
    store: Store, batch: Sequence[int], leanings: OutletLeanings
) -> Iterator[StoryState]:
    members_of, notes = store.members_of(batch), store.story_notes(batch)
    resolved, versions_of = store.resolve_stories(batch), store.versions_of(batch)
    latest = {
        i: versions_of[i][-1].version for i in batch if resolved.get(i) == i and i in versions_of
    }
    coverages, stories = store.coverages(latest), store.stories_by_id(list(latest))
    for story_id in batch:
        shows = resolved.get(story_id)
        versions = tuple(versions_of.get(story_id, ()))
        if story_id not in latest:
            yield StoryState(story_id, shows, versions)
            continue
        story = stories.get(story_id)
        members = tuple(members_of.get(story_id, ()))
        yield StoryState(
            story_id,
            shows,
            versions,
            members,
            coverages.get(story_id),
            tuple(notes.get(story_id, ())),
            story.status if story else StoryStatus.LIVE,
            storyline_id=story.storyline_id if story else None,
            leanings=article_leanings(members, leanings),
        )


def run(
    config: Config,
    store: Store,
    *,
    sources: Sequence[Source] | None = None,
    writer: Writer | None = None,
    progress: Progress | None = None,
    should_stop: ShouldStop = _never,
    worker: str | None = None,
    claim_batch: int = 200,
) -> RunReport:
    """One pass through every stage; returns (and records) the run's report.

    Every item is committed on its own, so a run stopped by ``should_stop`` (or killed)
    leaves a consistent store, and the next run picks up where this one stopped. On a
    shared store, ``worker`` names this worker (default: host and process id), it takes
    work ``claim_batch`` items at a time, and gives back whatever it still holds when
    the run ends, however it ends.
    """
    options = PipelineOptions.from_config(config)
    retention = RetentionOptions.from_config(config)
    fallback = ExtractiveWriter(options.writer)
    if writer is None and config.get("write.writer") == "llm":
        writer = llm_writer(config, StoredReplies.from_config(store, config))
    writer = writer or fallback
    retries = None
    if writer is not fallback:
        retries = ModelRetries(store, float(config.get("write.llm_retry_minutes")))
    language = str(config.get("write.language"))
    queue = WorkQueue(store, worker or default_worker_id(), claim_batch)
    report = start_run(store)
    if sources is None:  # the config's sources and those added with `newsdesk sources`
        stored = ingest.sources_to_read(config.sources, store)
    else:
        stored = [replace(s, id=store.upsert_source(s)) for s in sources]
    fetch = ingest.FetchOptions.from_config(config)
    log.info("run %s: %d sources, stages %s", report.id, len(stored), ", ".join(STAGES))
    stages: list[Stage] = [
        ("ingest", lambda stop: ingest.collect(stored, store, report, fetch, stop)),
        (
            "extract",
            lambda stop: run_extract(store, options.extract, report, progress, stop, queue),
        ),
        ("dedupe", lambda stop: run_dedupe(store, options.dedupe_window, report, stop)),
        ("cluster", lambda stop: run_cluster(store, options.cluster, report, stop)),
        (
            "write",
            lambda stop: run_write(
                store, writer, fallback, report, progress, stop, queue, retries, language
            ),
        ),
        ("retain", lambda stop: apply_retention(store, retention, report, stop)),
        (
            "publish",
            lambda stop: report.count(
                "publish.pages", run_publish(store, options.site).pages_written
            ),
        ),
    ]
    return run_stages(queue, stages, report, should_stop, "run")


def start_run(store: Store) -> RunReport:
    """A new run's report, recorded in the store's run history (which gives it its id)."""
    report = RunReport(started_at=datetime.now(UTC))
    store.start_run(report)
    return report


def run_stages(
    queue: WorkQueue,
    stages: Sequence[Stage],
    report: RunReport,
    should_stop: ShouldStop = _never,
    what: str = "run",
) -> RunReport:
    """Run ``stages`` in order, each when its turn has come, and record the run's end.

    The worker gives back the work it still holds however the run ends; the run is
    recorded as finished (and logged as ``what``) when it ends without an error.
    """
    try:
        for name, stage in stages:
            if should_stop():
                report.count("stopped_before." + name)
                break
            run_stage(queue, name, stage, report, should_stop)
    finally:
        queue.give_back()
    return finish_run(queue.store, report, what)


def finish_run(store: Store, report: RunReport, what: str) -> RunReport:
    """Stamp the run finished, record its counts, and log them as ``what`` (run, backfill)."""
    report.finished_at = datetime.now(UTC)
    store.finish_run(report)
    log.info(
        "%s %s finished: %s; errors: %s", what, report.id, report.counts, report.errors or "none"
    )
    return report


# With several workers, what each stage waits for, and which stages run in one at a time.
WAITS_FOR = {
    "dedupe": ("extract",),
    "cluster": ("extract", "dedupe"),
    "write": ("extract", "dedupe", "cluster"),
}
ONE_AT_A_TIME = frozenset({"dedupe", "cluster", "publish"})


def run_stage(
    queue: WorkQueue,
    name: str,
    stage: Callable[[ShouldStop], None],
    report: RunReport,
    should_stop: ShouldStop,
) -> None:
    """Run ``stage`` when its turn has come: alone, under its lease, where that matters."""
    if not queue.ready(WAITS_FOR.get(name, ())):
        report.count("not_ready." + name)
        return
    if name not in ONE_AT_A_TIME:
        with timed(report, name):
            stage(should_stop)
        return
    with queue.alone(name, should_stop) as stop:
        if stop is None:
            report.count("busy." + name)
            return
        with timed(report, name):
            stage(stop)
