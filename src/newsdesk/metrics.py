"""Prometheus metrics, rendered from the store (prometheus_client's text format).

The store is the single source of truth: totals are summed over recorded runs, queue
depths are counted from pending work, so any process can expose the same numbers and
nothing is lost when a process restarts. `newsdesk serve` answers them at /metrics;
`newsdesk watch --metrics-file` writes them after every run for node_exporter's
textfile collector (README, Monitoring).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest, write_to_textfile
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

from newsdesk.models import RunReport
from newsdesk.store.base import Store

RUNS_SUMMED = 100_000  # bounded, and far more than months of runs every few minutes


class StoreCollector(Collector):
    """Collects newsdesk's metrics from a store at scrape time."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        runs = self.store.runs(RUNS_SUMMED)
        items = CounterMetricFamily(
            "newsdesk_items",
            "Items handled, by stage and outcome, over all runs.",
            labels=["stage", "outcome"],
        )
        failed = CounterMetricFamily(
            "newsdesk_items_failed",
            "Items skipped, by stage and reason, over all runs.",
            labels=["stage", "reason"],
        )
        totals: dict[str, int] = {}
        errors: dict[str, int] = {}
        for run in runs:
            for key, value in run.counts.items():
                totals[key] = totals.get(key, 0) + value
            for key, value in run.errors.items():
                errors[key] = errors.get(key, 0) + value
        for key, value in sorted(totals.items()):
            stage, _, outcome = key.partition(".")
            items.add_metric([stage, outcome or "total"], value)
        for key, value in sorted(errors.items()):
            stage, _, reason = key.partition(".")
            failed.add_metric([stage, reason or "unknown"], value)
        yield items
        yield failed

        yield from _run_metrics(runs)
        if runs:
            last = runs[0]
            seconds = GaugeMetricFamily(
                "newsdesk_stage_seconds",
                "Seconds each stage took in the last run.",
                labels=["stage"],
            )
            for stage, took in sorted(last.timings.items()):
                seconds.add_metric([stage], took)
            yield seconds
            stamp = GaugeMetricFamily(
                "newsdesk_last_run_start_seconds", "Unix time the last run started."
            )
            stamp.add_metric([], last.started_at.timestamp())
            yield stamp

        queue = GaugeMetricFamily(
            "newsdesk_queue_depth", "Work waiting for each stage.", labels=["stage"]
        )
        for stage, depth in sorted(self.store.queue_depths().items()):
            queue.add_metric([stage], depth)
        yield queue
        rows = GaugeMetricFamily("newsdesk_store_rows", "Rows in each table.", labels=["table"])
        for table, count in sorted(self.store.counts().items()):
            rows.add_metric([table], count)
        yield rows


def _run_metrics(runs: list[RunReport]) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
    """How many runs, and how long they took: in all, and the last finished one."""
    durations = [(r.finished_at - r.started_at).total_seconds() for r in runs if r.finished_at]
    runs_total = CounterMetricFamily("newsdesk_runs", "Pipeline runs recorded.")
    runs_total.add_metric([], len(runs))
    yield runs_total
    seconds = CounterMetricFamily("newsdesk_run_seconds", "Seconds spent in finished runs.")
    seconds.add_metric([], sum(durations))
    yield seconds
    if durations:
        last = GaugeMetricFamily(
            "newsdesk_last_run_duration_seconds", "Seconds the last finished run took."
        )
        last.add_metric([], durations[0])  # runs come newest first
        yield last


def registry_for(store: Store) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(store))
    return registry


def render(store: Store) -> bytes:
    """The metrics in Prometheus' text exposition format."""
    return generate_latest(registry_for(store))


def exposition(store: Store, accept: str = "") -> tuple[bytes, str]:
    """The metrics in the format an HTTP ``Accept`` header asks for, and its content type."""
    encoder, content_type = choose_encoder(accept)
    return encoder(registry_for(store)), content_type


def write_textfile(store: Store, path: Path) -> None:
    """Write the metrics atomically, for node_exporter's textfile collector."""
    write_to_textfile(str(path), registry_for(store))
