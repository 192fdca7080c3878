"""Backfill: extract and deduplicate a large archive as a batch job on Ray Data.

    archive (folders of HTML, JSONL dumps, WARC files)
      -> ingest (driver): every document stored as a raw document
      -> extract: ``pipeline.run_extract``, its parsing (``extract_safely``, a pure
         function) on the engine, in parallel; in arrival order on the driver: outlet
         boilerplate, same-URL check, saved article
      -> dedupe (driver): ``pipeline.run_dedupe``
    then `newsdesk run` or `watch` cluster and write online, from the store.

The engine (``backfill_engine``) runs only the pure, costly part: parsing each page.
Everything whose result depends on what came before stays on the driver and goes
through the pipeline's own stage adapters in the pipeline's order: learning and stripping
outlet boilerplate, the same-URL check, and which of two copies is the original. So a
backfill leaves the store exactly as `newsdesk run`'s ingest, extract and dedupe stages
leave it for the same archive (``tests/test_backfill.py`` checks this), and a stopped
backfill is resumed by running it again (work left pending is found in the store).

Embeddings: with ``cluster.use_embeddings`` the sentence embedding of each new unique
article is the one part of clustering that depends on nothing else, so the backfill
computes it on the engine too (one model per engine worker; a GPU when the worker has
one) and keeps it in the store, where the online cluster stage finds it. Term vectors
stay online: their IDF grows with the articles that have arrived.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import partial
from itertools import islice
from pathlib import Path

from newsdesk.backfill_engine import Engine, start_engine
from newsdesk.config import Config, default
from newsdesk.embed import MODEL_NAME, article_text, require_extra, shared_embedder, to_bytes
from newsdesk.errors import SourceError
from newsdesk.extract import ExtractOptions, extract_safely
from newsdesk.ingest.files import read_local
from newsdesk.models import Article, RawDocument, Rejected, RunReport, Source, SourceKind
from newsdesk.pipeline import Progress, Stage, run_dedupe, run_extract, run_stages, start_run
from newsdesk.store.base import Store
from newsdesk.workers import WorkQueue, default_worker_id

log = logging.getLogger(__name__)

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class BackfillOptions:
    """How to run a backfill.

    Example:
        >>> BackfillOptions(address="ray://head:10001").chunk_size
        5000
    """

    # A Ray cluster address; None starts Ray on this machine.
    address: str | None = default("backfill.address") or None
    num_cpus: int | None = default("backfill.cpus") or None  # a local engine's; None: all
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    dedupe_window: timedelta = timedelta(days=7)
    chunk_size: int = default("backfill.chunk_size")  # documents per engine job
    batch_size: int = default("backfill.batch_size")  # documents per engine task
    # Embed new unique articles for clustering.
    embeddings: bool = default("cluster.use_embeddings")

    @classmethod
    def from_config(cls, config: Config, address: str | None = None) -> BackfillOptions:
        """The ``backfill.*`` settings of a loaded config; ``address`` overrides its own."""
        return cls(
            address=address or str(config.get("backfill.address")) or None,
            num_cpus=int(config.get("backfill.cpus")) or None,
            extract=ExtractOptions.from_config(config),
            chunk_size=int(config.get("backfill.chunk_size")),
            batch_size=int(config.get("backfill.batch_size")),
            embeddings=bool(config.get("cluster.use_embeddings")),
        )


def archive_sources(paths: Sequence[Path]) -> list[Source]:
    """Turn archive paths into sources: a folder, a JSONL dump or a WARC file each.

    Args:
        paths: folders of saved HTML pages, ``*.jsonl[.gz]`` or ``*.warc[.gz]`` files.

    Returns:
        One Source per path, in the given order.

    Raises:
        SourceError: a path does not exist or is of no known kind.
    """
    sources = []
    for path in paths:
        name = path.name.lower()
        if path.is_dir():
            kind = SourceKind.FOLDER
        elif path.is_file() and name.endswith(JSONL_SUFFIXES):
            kind = SourceKind.JSONL
        elif path.is_file() and name.endswith(WARC_SUFFIXES):
            kind = SourceKind.WARC
        elif not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        else:
            raise SourceError(f"{path}: not a folder, a .jsonl[.gz] or a .warc[.gz] file")
        sources.append(Source(url=str(path.resolve()), kind=kind, name=path.name))
    return sources


def ingest_archive(
    sources: Sequence[Source], store: Store, report: RunReport, batch: int = 500
) -> None:
    """Store every document of the archive that is new or changed; count the rest.

    The same rows and counts as ``ingest.collect``, committed ``batch`` documents at a
    time. A corrupt file or line is counted under its reason and recorded; a source that
    cannot be read at all too. Neither stops the backfill.
    """
    for source in sources:
        stored = replace(source, id=store.upsert_source(source))
        try:
            items = read_local(stored)
            while chunk := list(islice(items, batch)):
                with store.transaction():
                    for item in chunk:
                        _store_one(item, store, report)
        except SourceError as exc:
            log.warning("%s", exc)
            report.error("ingest.source_error")
            store.record_item_error(report.id, "ingest", source.url, "source_error", str(exc))


def _store_one(item: RawDocument | tuple[str, Rejected], store: Store, report: RunReport) -> None:
    if isinstance(item, RawDocument):
        _, changed = store.add_raw(item)
        report.count("ingest.new" if changed else "ingest.unchanged")
        return
    where, rejected = item
    report.error(f"ingest.{rejected.reason}")
    store.record_item_error(report.id, "ingest", where, rejected.reason, rejected.detail)


def _extract_batch(options: ExtractOptions, docs: list[RawDocument]) -> list[Article | Rejected]:
    """Engine side: extract a batch of documents."""
    return [extract_safely(doc, options) for doc in docs]


def _embed_batch(texts: list[str]) -> list[bytes]:
    """Engine side: embed a batch of article texts (the model loads once per worker)."""
    return [to_bytes(v) for v in shared_embedder().embed(texts)]


def embed_on_engine(
    store: Store,
    engine: Engine,
    options: BackfillOptions,
    report: RunReport,
    progress: Progress | None = None,
) -> None:
    """Embed every unclustered unique article that has no stored embedding, on the engine."""
    pending = store.pending_cluster()
    copies = store.duplicates_of([a.id for a in pending if a.id is not None])
    waiting = [a for a in pending if a.id is not None and a.id not in copies]
    known = store.embeddings(MODEL_NAME, [a.id for a in waiting if a.id is not None])
    todo = [a for a in waiting if a.id not in known]
    for start in range(0, len(todo), options.chunk_size):
        chunk = todo[start : start + options.chunk_size]
        vectors = engine.map(_embed_batch, [article_text(a) for a in chunk])
        store.save_embeddings(
            MODEL_NAME, {a.id: v for a, v in zip(chunk, vectors, strict=True) if a.id is not None}
        )
        report.count("embed.articles", len(chunk))
        if progress:
            progress("embed", start + len(chunk), len(todo))


def backfill(
    paths: Sequence[Path],
    store: Store,
    options: BackfillOptions | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Read an archive into the store, extract it on the engine, and deduplicate it.

    Args:
        paths: folders of saved HTML, JSONL dumps and WARC files, read in this order.
        store: where raw documents, articles and duplicate links are written.
        options: cluster address and stage settings (default: Ray on this machine).
        progress: called as progress(stage, done, total) while stages work.

    Returns:
        The run's report (also recorded in the store's run history): counts
        (ingest.new, extract.articles, dedupe.duplicates, ...), errors by reason and
        timings per stage.

    Raises:
        SourceError: a path is missing or of no known kind.
        EngineError: Ray is not installed or cannot start.
    """
    options = options or BackfillOptions()
    sources = archive_sources(paths)
    if options.embeddings:
        require_extra()
    engine = start_engine("ray", options.address, options.num_cpus, options.batch_size)
    queue = WorkQueue(store, "backfill:" + default_worker_id(), options.chunk_size)
    report = start_run(store)
    report.count("backfill.sources", len(sources))
    on_engine = partial(engine.map, partial(_extract_batch, options.extract))
    stages: list[Stage] = [
        ("ingest", lambda stop: ingest_archive(sources, store, report)),
        (
            "extract",
            lambda stop: run_extract(
                store,
                options.extract,
                report,
                progress,
                stop,
                queue,
                extract_many=on_engine,
                commit_every=options.batch_size,
            ),
        ),
        ("dedupe", lambda stop: run_dedupe(store, options.dedupe_window, report, stop)),
    ]
    if options.embeddings:
        stages.append(
            ("embed", lambda stop: embed_on_engine(store, engine, options, report, progress))
        )
    try:
        return run_stages(queue, stages, report, what="backfill")
    finally:
        engine.close()
