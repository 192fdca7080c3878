"""The one module that knows the order of the stages.

    ingest -> extract -> dedupe -> cluster -> write (+ verify) -> publish

Every stage finds its pending work in the store and marks what it has done, so a second
run on the same input does nothing new, and a run stopped at any point can be started
again. One bad item never stops a run: it is counted with its reason in the RunReport
and recorded in the store.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from newsdesk import ingest
from newsdesk.cluster import ClusterOptions, StoryClusterer
from newsdesk.config import Config
from newsdesk.dedupe import Deduper
from newsdesk.extract import ExtractOptions, OutletBoilerplate, extract
from newsdesk.models import Article, RawDocument, Rejected, RunReport, Source, StoryVersion
from newsdesk.publish import SiteOptions, publish
from newsdesk.store.base import Store
from newsdesk.verify import write_verified
from newsdesk.write.base import Writer
from newsdesk.write.coverage import coverage, what_changed
from newsdesk.write.extractive import ExtractiveWriter, WriterOptions

log = logging.getLogger(__name__)

BOILERPLATE_STATE = "extract.outlet_boilerplate"
STAGES = ("ingest", "extract", "dedupe", "cluster", "write", "publish")

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while a stage works."""

ShouldStop = Callable[[], bool]
"""Asked between items and stages; True abandons the rest of the run cleanly."""


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
            extract=ExtractOptions(
                min_words=int(config.get("extract.min_words")),
                languages=tuple(config.get("extract.languages")),
            ),
            cluster=ClusterOptions(
                quiet_hours=float(config.get("cluster.quiet_hours")),
                use_embeddings=bool(config.get("cluster.use_embeddings")),
            ),
            writer=WriterOptions(headline_case=str(config.get("write.headline_case"))),
            site=SiteOptions.from_config(config),
        )


def _article_time(article: Article, fallback: datetime) -> datetime:
    stamp = article.published_at or fallback
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


@contextmanager
def _timed(report: RunReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        report.timings[stage] = round(
            report.timings.get(stage, 0.0) + time.perf_counter() - start, 4
        )


def _extract_one(
    raw: RawDocument, options: ExtractOptions, boilerplate: OutletBoilerplate
) -> Article | Rejected:
    """Extract one document, learn its outlet's recurring lines, and strip them.

    The model learns from the paragraphs before its own stripping; learning from stripped
    text would forget a line once it is removed, and bring it back later.
    """
    try:
        result = extract(raw, options)
    except Exception as exc:  # a bug on one page must not stop the run
        log.exception("%s: extraction failed", raw.url)
        return Rejected("extract_error", f"{type(exc).__name__}: {exc}")
    if isinstance(result, Rejected) or not result.site_name:
        return result
    boilerplate.observe(result.site_name, result.paragraphs)
    kept = boilerplate.strip(result.site_name, result.paragraphs)
    if kept == result.paragraphs:
        return result
    words = sum(len(p.split()) for p in kept)
    if words < options.min_words:
        return Rejected("too_short", f"{words} words after removing outlet boilerplate")
    return replace(result, paragraphs=kept)


def run_extract(
    store: Store,
    options: ExtractOptions,
    report: RunReport,
    progress: Progress | None = None,
    should_stop: ShouldStop = _never,
) -> None:
    """Extract every stored raw document not extracted yet."""
    saved = store.get_state(BOILERPLATE_STATE)
    boilerplate = OutletBoilerplate.from_json(saved) if saved else OutletBoilerplate()
    done = 0
    while not should_stop() and (batch := store.pending_raw(limit=200)):
        for raw in batch:
            if should_stop():
                break
            assert raw.id is not None
            result = _extract_one(raw, options, boilerplate)
            if isinstance(result, Rejected):
                store.mark_extracted(raw.id, result.reason)
                store.record_item_error(report.id, "extract", raw.url, result.reason, result.detail)
                report.error(f"extract.{result.reason}")
            else:
                existing = store.article_by_url(result.url)
                if existing is not None and existing.raw_id != raw.id:
                    # The same page reached us under another key (feed guid, tracking URL).
                    store.mark_extracted(raw.id, "same_url")
                    report.count("extract.same_url")
                else:
                    with store.transaction():
                        store.save_article(result)
                        store.mark_extracted(raw.id)
                    report.count("extract.articles")
            done += 1
            if progress:
                progress("extract", done, 0)
        # Saved per batch: a crash loses at most one batch of observations, which only
        # delays learning a recurring line by those articles.
        store.put_state(BOILERPLATE_STATE, boilerplate.to_json())


def run_dedupe(
    store: Store, window: timedelta, report: RunReport, should_stop: ShouldStop = _never
) -> None:
    """Mark exact and near copies of earlier articles."""
    pending = store.pending_dedupe()
    if not pending:
        return
    now = datetime.now(UTC)
    earliest = min(_article_time(a, now) for a in pending)
    deduper = Deduper()
    for article in store.recent_articles(since=earliest - window):
        deduper.add(article)
    for article in pending:
        if should_stop():
            return
        assert article.id is not None
        original = deduper.check(article)
        store.mark_duplicate(article.id, original)
        if original is None:
            deduper.add(article)
            report.count("dedupe.unique")
        else:
            report.count("dedupe.duplicates")


def run_cluster(
    store: Store, options: ClusterOptions, report: RunReport, should_stop: ShouldStop = _never
) -> None:
    """Assign every new article to a story, online, in publication order."""
    pending = store.pending_cluster()
    if not pending:
        return
    now = datetime.now(UTC)
    earliest = min(_article_time(a, now) for a in pending)
    clusterer = StoryClusterer(options)
    for story_id, articles in store.open_stories(
        since=earliest - timedelta(hours=options.quiet_hours)
    ):
        clusterer.restore(story_id, articles)
    originals = [a for a in pending if a.id is not None and store.duplicate_of(a.id) is None]
    copies = [a for a in pending if a.id is not None and store.duplicate_of(a.id) is not None]
    for article in originals:
        if should_stop():
            return
        assert article.id is not None
        at = _article_time(article, now)
        decision = clusterer.assign(article)
        with store.transaction():
            if decision.story_id is None:
                target = store.create_story(at)
                report.count("cluster.stories_created")
            else:
                target = decision.story_id
                report.count("cluster.joined")
            store.add_to_story(target, article.id, at)
            if decision.merged:
                store.merge_stories(target, decision.merged, at)
                report.count("cluster.merged", len(decision.merged))
        clusterer.commit(article, target, decision.merged)
    for article in copies:
        assert article.id is not None
        original_id = store.duplicate_of(article.id)
        home = store.story_of(original_id) if original_id is not None else None
        if home is None:
            store.record_item_error(report.id, "cluster", article.url, "orphan_duplicate")
            report.error("cluster.orphan_duplicate")
            continue
        store.add_to_story(home, article.id, _article_time(article, now))
        report.count("cluster.republished")


def run_write(
    store: Store,
    writer: Writer,
    fallback: Writer,
    report: RunReport,
    progress: Progress | None = None,
    should_stop: ShouldStop = _never,
) -> None:
    """Write a new version of every story whose sources changed."""
    todo = store.stories_to_write()
    for done, story_id in enumerate(todo, 1):
        if should_stop():
            return
        members = store.story_members(story_id)
        articles = [m.article for m in members]
        if not articles:
            store.skip_writing(story_id)
            continue
        try:
            draft, verify_report = write_verified(articles, writer, fallback)
        except Exception as exc:  # one story's failure must not stop the others
            log.exception("story %s: writing failed", story_id)
            store.record_item_error(
                report.id, "write", f"story:{story_id}", "write_error", repr(exc)
            )
            report.error("write.write_error")
            continue
        old = store.versions(story_id)
        changed = ""
        if old:
            before = store.articles(list(old[-1].article_ids))
            changed = what_changed(before, articles, old[-1].draft, draft)
        version = StoryVersion(
            story_id=story_id,
            version=(old[-1].version + 1) if old else 1,
            draft=draft,
            created_at=datetime.now(UTC),
            article_ids=tuple(a.id for a in articles if a.id is not None),
            what_changed=changed or ("First version." if not old else "Sources updated."),
            report=verify_report,
        )
        store.save_version(version, coverage(articles))
        report.count("write.versions")
        if progress:
            progress("write", done, len(todo))


def run(
    config: Config,
    store: Store,
    *,
    sources: Sequence[Source] | None = None,
    writer: Writer | None = None,
    progress: Progress | None = None,
    should_stop: ShouldStop = _never,
) -> RunReport:
    """One pass through every stage; returns (and records) the run's report.

    Every item is committed on its own, so a run stopped by ``should_stop`` (or killed)
    leaves a consistent store, and the next run picks up where this one stopped.
    """
    options = PipelineOptions.from_config(config)
    report = RunReport(started_at=datetime.now(UTC))
    store.start_run(report)
    configured = list(sources if sources is not None else config.sources)
    stored = [
        Source(url=s.url, kind=s.kind, name=s.name, id=store.upsert_source(s)) for s in configured
    ]
    fallback = ExtractiveWriter(options.writer)
    log.info("run %s: %d sources, stages %s", report.id, len(stored), ", ".join(STAGES))
    stages: list[tuple[str, Callable[[], None]]] = [
        ("ingest", lambda: ingest.collect(stored, store, report)),
        ("extract", lambda: run_extract(store, options.extract, report, progress, should_stop)),
        ("dedupe", lambda: run_dedupe(store, options.dedupe_window, report, should_stop)),
        ("cluster", lambda: run_cluster(store, options.cluster, report, should_stop)),
        (
            "write",
            lambda: run_write(store, writer or fallback, fallback, report, progress, should_stop),
        ),
        (
            "publish",
            lambda: report.count("publish.pages", publish(store, options.site).pages_written),
        ),
    ]
    for name, stage in stages:
        if should_stop():
            report.count("stopped_before." + name)
            break
        with _timed(report, name):
            stage()
    report.finished_at = datetime.now(UTC)
    store.finish_run(report)
    log.info("run %s finished: %s; errors: %s", report.id, report.counts, report.errors or "none")
    return report
