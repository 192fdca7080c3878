"""The ingest stage: every source kind turned into stored RawDocuments.

``collect`` is the stage's one entry point. Offline kinds (folder, jsonl, warc) are read
from disk by ``files`` and ``warc``; remote kinds (feed, sitemap, page, front page) are
read all at once through the polite fetcher in ``http``, each source in its own task, so
that one slow source does not slow the others. Every document is stored before anything
parses it. The stage has a deadline (``fetch.ingest_budget``), each remote source one of
its own (``fetch.source_budget``), and a stop request cancels what is still being read:
what was cancelled is recorded with its reason, and the run goes on.

Which sources a run reads (``sources_to_read``): the config's ``[[sources]]``, upserted
into the store on every run, plus the sources added with ``newsdesk sources add`` or an
OPML import, which live in the store only and are read until ``sources remove``. A source
retired by a 410 or backing off after failures is passed over and counted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from newsdesk.errors import SourceError
from newsdesk.ingest.files import read_local
from newsdesk.ingest.http import FetchOptions
from newsdesk.ingest.remote import read_remote
from newsdesk.models import RawDocument, RunReport, Source, SourceKind
from newsdesk.store.base import Store

log = logging.getLogger(__name__)

OFFLINE_KINDS = frozenset({SourceKind.FOLDER, SourceKind.JSONL, SourceKind.WARC})

__all__ = ["OFFLINE_KINDS", "FetchOptions", "collect", "sources_to_read"]


def sources_to_read(configured: Sequence[Source], store: Store) -> list[Source]:
    """The config's sources (upserted, with their ids) and then the CLI-managed ones.

    Sources the operator blocked (`newsdesk sources block`) are left out.
    """
    stored = [replace(s, id=store.upsert_source(s)) for s in configured]
    urls = {s.url for s in stored}
    blocked = {b.url for b in store.blocked_sources()}
    every = stored + [s for s in store.managed_sources() if s.url not in urls]
    return [s for s in every if s.url not in blocked]


def _never() -> bool:
    return False


def collect(
    sources: Sequence[Source],
    store: Store,
    report: RunReport,
    options: FetchOptions | None = None,
    should_stop: Callable[[], bool] = _never,
) -> None:
    """Read every source and store what is new or changed; count the rest by reason.

    Offline sources are read first, then every remote one at once, all within
    ``options.ingest_budget`` seconds. A source still being read when that is spent, or
    when ``should_stop`` answers True (asked between documents, and every fraction of a
    second while fetching), is cancelled and recorded; what it stored stays.

    Args:
        sources: stored sources (with ids, so that their health is tracked).
        store: where documents, fetch state and source health go.
        report: the run's report; counts ``ingest.*``.
        options: the fetcher's settings (``FetchOptions.from_config``); defaults if None.
        should_stop: a stop request (SIGTERM in ``watch`` and ``run``).
    """
    options = options or FetchOptions()
    end = time.monotonic() + options.ingest_budget
    remote = [s for s in sources if s.kind not in OFFLINE_KINDS]
    local = [s for s in sources if s.kind in OFFLINE_KINDS]
    for n, source in enumerate(local):
        if not _collect_local(source, store, report, end, should_stop):
            for skipped in local[n + 1 :] + remote:
                _interrupted(skipped, store, report, _why(should_stop))
            return
    if not remote:
        return
    if should_stop() or time.monotonic() >= end:
        for skipped in remote:
            _interrupted(skipped, store, report, _why(should_stop))
        return
    budget = end - time.monotonic()
    asyncio.run(read_remote(remote, store, report, options, budget=budget, should_stop=should_stop))


def _why(should_stop: Callable[[], bool]) -> str:
    return "stopped" if should_stop() else "ingest_deadline"


def _interrupted(source: Source, store: Store, report: RunReport, why: str) -> None:
    if why == "stopped":
        report.count("ingest.stopped")
        return
    report.error("ingest.ingest_deadline")
    store.record_item_error(
        report.id, "ingest", source.url, "ingest_deadline", "fetch.ingest_budget spent"
    )


def _collect_local(
    source: Source,
    store: Store,
    report: RunReport,
    end: float,
    should_stop: Callable[[], bool],
) -> bool:
    """Read one offline source; False when the stage's deadline or a stop cut it short."""
    try:
        for item in read_local(source):
            if isinstance(item, RawDocument):
                _, changed = store.add_raw(item)
                report.count("ingest.new" if changed else "ingest.unchanged")
            else:
                where, rejected = item
                report.error(f"ingest.{rejected.reason}")
                store.record_item_error(
                    report.id, "ingest", where, rejected.reason, rejected.detail
                )
            if should_stop() or time.monotonic() >= end:
                _interrupted(source, store, report, _why(should_stop))
                return False
    except SourceError as exc:
        log.warning("%s", exc)
        report.error("ingest.source_error")
        store.record_item_error(report.id, "ingest", source.url, "source_error", str(exc))
    except Exception as exc:  # a bug on one source must not stop the others or the run
        log.exception("%s: reading failed", source.url)
        report.error("ingest.internal_error")
        store.record_item_error(report.id, "ingest", source.url, "internal_error", repr(exc)[:300])
    return True
