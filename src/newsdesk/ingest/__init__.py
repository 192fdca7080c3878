"""The ingest stage: every source kind turned into stored RawDocuments.

``collect`` is the stage's one entry point. Offline kinds (folder, jsonl) are read from
disk by ``files``; every document is stored before anything parses it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from newsdesk.errors import SourceError
from newsdesk.ingest.files import read_local
from newsdesk.models import RawDocument, RunReport, Source, SourceKind
from newsdesk.store.base import Store

log = logging.getLogger(__name__)

OFFLINE_KINDS = frozenset({SourceKind.FOLDER, SourceKind.JSONL})


def collect(sources: Sequence[Source], store: Store, report: RunReport) -> None:
    """Read every source and store what is new or changed; count the rest by reason."""
    for source in sources:
        if source.kind not in OFFLINE_KINDS:
            log.warning("%s: %s sources are not supported yet", source.url, source.kind.value)
            report.error(f"ingest.unsupported_kind.{source.kind.value}")
            continue
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
