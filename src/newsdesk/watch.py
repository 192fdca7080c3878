"""`newsdesk watch`: the pipeline on a schedule, until told to stop.

Each source is read again when its interval has passed (``watch.interval_minutes``,
jittered by up to a tenth so that many workers do not fire together). A stop request
(SIGTERM or SIGINT in the CLI, through ``stop_on_signals``) lets the current item finish,
cancels what ingest is still fetching, abandons the rest of the run cleanly, and
returns within seconds; the sources of a run stopped while reading stay due, so the next
start reads them. After every run a health file is written beside the store (JSON: last
run, its counts and errors, and when the next one is due), and one concise log line is
printed; with a metrics file, the store's Prometheus metrics are written too.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk import ingest
from newsdesk.config import Config, default
from newsdesk.metrics import write_textfile
from newsdesk.models import RunReport, Source
from newsdesk.store.base import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """How often to run and where to report health (and metrics, when asked)."""

    health_file: Path
    interval: timedelta = timedelta(minutes=default("watch.interval_minutes"))
    jitter: float = 0.1  # fraction of the interval
    metrics_file: Path | None = None  # Prometheus text format, for node_exporter


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An Event that the first SIGTERM or SIGINT sets; a second one stops the process at once.

    For the main thread of a command (``run``, ``watch``): the previous handlers come back
    with the first signal and when the block ends.
    """
    stop = threading.Event()
    watched = (signal.SIGTERM, signal.SIGINT)
    previous = {sig: signal.getsignal(sig) or signal.SIG_DFL for sig in watched}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    def request_stop(signum: int, _frame: object) -> None:
        # Not through logging or rich: the signal may land inside one of their writes.
        name = signal.Signals(signum).name
        os.write(2, f"received {name}: stopping cleanly (again to stop at once)\n".encode())
        stop.set()
        restore()

    for sig in watched:
        signal.signal(sig, request_stop)
    try:
        yield stop
    finally:
        restore()


def read_through(report: RunReport) -> bool:
    """False when a stop request cut the run's ingest short: its sources are still due."""
    return not (report.counts.get("ingest.stopped") or report.counts.get("stopped_before.ingest"))


def interval_of(source: Source, default: timedelta) -> timedelta:
    if source.interval_minutes is None:
        return default
    return timedelta(minutes=source.interval_minutes)


def due_sources(
    sources: list[Source], store: Store, default: timedelta, now: datetime
) -> list[Source]:
    """The sources whose last read is older than their interval (or never happened)."""
    due = []
    for source in sources:
        last = store.last_read(source.url)
        if last is None or last + interval_of(source, default) <= now:
            due.append(source)
    return due


def write_health(path: Path, report: RunReport, next_run: datetime, status: str) -> None:
    """Write the health file atomically: a reader never sees half of it."""
    data = {
        "status": status,
        "pid": os.getpid(),
        "last_run": report.id,
        "last_run_started": report.started_at.isoformat(),
        "last_run_finished": report.finished_at.isoformat() if report.finished_at else None,
        "counts": report.counts,
        "errors": report.errors,
        "next_run": next_run.isoformat(),
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.replace(path)


def summary_line(report: RunReport) -> str:
    """One concise log line per run."""
    counts = report.counts
    seconds = sum(report.timings.values())
    return (
        f"run {report.id}: {counts.get('ingest.new', 0)} new documents, "
        f"{counts.get('extract.articles', 0)} articles, "
        f"{counts.get('dedupe.duplicates', 0)} duplicates, "
        f"{counts.get('cluster.stories_created', 0)} new stories, "
        f"{counts.get('write.versions', 0)} versions written, "
        f"{sum(report.errors.values())} items skipped, {seconds:.1f}s"
    )


def watch(
    config: Config,
    store: Store,
    options: WatchOptions,
    stop: threading.Event,
    *,
    max_runs: int | None = None,
    on_run: Callable[[RunReport], None] | None = None,
    after_run: Callable[[datetime], datetime | None] | None = None,
) -> int:
    """Run the pipeline on schedule until ``stop`` is set; returns the number of runs.

    On a shared store this process is one worker (``workers.default_worker_id``); each
    run gives back its claims when it ends, and so does leaving the loop. ``after_run``
    (the digest and alerts, ``outbox.Outbox``) is called after each run with the time,
    and answers when it next has work: the loop wakes then at the latest.
    """
    from newsdesk.workers import default_worker_id

    worker = default_worker_id()
    try:
        return _loop(config, store, options, stop, worker, max_runs, on_run, after_run)
    finally:
        if store.shared:
            store.release_claims(worker)


def _loop(
    config: Config,
    store: Store,
    options: WatchOptions,
    stop: threading.Event,
    worker: str,
    max_runs: int | None,
    on_run: Callable[[RunReport], None] | None,
    after_run: Callable[[datetime], datetime | None] | None = None,
) -> int:
    from newsdesk.pipeline import run

    runs = 0
    while not stop.is_set() and (max_runs is None or runs < max_runs):
        now = datetime.now(UTC)
        sources = ingest.sources_to_read(config.sources, store)  # added ones join at once
        due = due_sources(sources, store, options.interval, now)
        report = run(config, store, sources=due, should_stop=stop.is_set, worker=worker)
        if read_through(report):
            for source in due:
                store.save_last_read(source.url, now)
        runs += 1
        tick = min((interval_of(s, options.interval) for s in sources), default=options.interval)
        # Counted from this run's start, so that a long run does not push the schedule back.
        next_run = now + tick * (1 + random.uniform(0, options.jitter))
        if after_run is not None and not stop.is_set():
            wake = after_run(datetime.now(UTC))
            next_run = min(next_run, wake) if wake is not None else next_run
        wait = max(0.0, (next_run - datetime.now(UTC)).total_seconds())
        status = "stopping" if stop.is_set() else "ok"
        write_health(options.health_file, report, next_run, status)
        if options.metrics_file is not None:
            write_textfile(store, options.metrics_file)
        log.info("%s", summary_line(report))
        if on_run:
            on_run(report)
        if max_runs is not None and runs >= max_runs:
            break
        stop.wait(wait)
    return runs
