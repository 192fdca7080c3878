"""The ingest stage: every source kind turned into stored RawDocuments.

``collect`` is the stage's one entry point. Offline kinds (folder, jsonl, warc) are read
from disk by ``files`` and ``warc``; remote kinds (feed, sitemap, page, front page) are
read all at once through the polite fetcher in ``http``, each source in its own task, so
that one slow source does not slow the others. Every document is stored before anything
parses it.

Which sources a run reads (``sources_to_read``): the config's ``[[sources]]``, upserted
into the store on every run, plus the sources added with ``newsdesk sources add`` or an
OPML import, which live in the store only and are read until ``sources remove``. A source
retired by a 410 or backing off after failures is passed over and counted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
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


def collect(
    sources: Sequence[Source],
    store: Store,
    report: RunReport,
    options: FetchOptions | None = None,
) -> None:
    """Read every source and store what is new or changed; count the rest by reason.

    Args:
        sources: stored sources (with ids, so that their health is tracked).
        store: where documents, fetch state and source health go.
        report: the run's report; counts ``ingest.*``.
        options: the fetcher's settings (``FetchOptions.from_config``); defaults if None.
    """
    remote = [s for s in sources if s.kind not in OFFLINE_KINDS]
    for source in sources:
        if source.kind in OFFLINE_KINDS:
            _collect_local(source, store, report)
    if remote:
        asyncio.run(read_remote(remote, store, report, options or FetchOptions()))


def _collect_local(source: Source, store: Store, report: RunReport) -> None:
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
    except SourceError as exc:
        log.warning("%s", exc)
        report.error("ingest.source_error")
        store.record_item_error(report.id, "ingest", source.url, "source_error", str(exc))
