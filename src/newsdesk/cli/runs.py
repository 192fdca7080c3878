"""`newsdesk runs list` and `check`: the run history and the store's integrity."""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.cli.common import config_option, echo_rows, listing_options, read_store
from newsdesk.models import RunReport


@click.group()
def runs() -> None:
    """The run history."""


def _run_json(r: RunReport) -> dict[str, object]:
    return {
        "id": r.id,
        "started_at": r.started_at.isoformat(),
        "finished_at": r.finished_at.isoformat() if r.finished_at else None,
        "counts": r.counts,
        "errors": r.errors,
        "timings": r.timings,
    }


def _by_reason(counts: dict[str, int], prefix: str) -> str:
    found = {k[len(prefix) :]: v for k, v in counts.items() if k.startswith(prefix)}
    return ", ".join(f"{k} {v}" for k, v in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def _writing(counts: dict[str, int]) -> str:
    """Fallbacks to the extractive writer and sentences left out, by reason."""
    parts = []
    if counts.get("write.fell_back"):
        reasons = _by_reason(counts, "write.fell_back.")
        parts.append(f"fell back {counts['write.fell_back']} ({reasons})")
    if left_out := _by_reason(counts, "write.left_out."):
        parts.append(f"left out: {left_out}")
    return "; ".join(parts) + "  " if parts else ""


def _run_line(r: RunReport) -> str:
    state = "finished" if r.finished_at else "unfinished"
    errors = ", ".join(f"{k}={v}" for k, v in sorted(r.errors.items())) or "no errors"
    return (
        f"{r.id:>5}  {r.started_at:%Y-%m-%d %H:%M:%S}  {state:<10}  "
        f"{r.counts.get('extract.articles', 0):>4} articles  "
        f"{r.counts.get('write.versions', 0):>4} versions  {_writing(r.counts)}{errors}"
    )


@runs.command("list")
@listing_options("runs", 20)
def runs_list(config_path: Path | None, limit: int, as_json: bool) -> None:
    """Show recent runs with their counts and errors by reason, newest first.

    A run whose model drafts were not used says how many stories fell back to the
    extractive writer and why, and which sentences were left out and why.

    Example: newsdesk runs list --limit 5
    """
    history = read_store(config_path, lambda store: store.runs(limit))
    echo_rows(history, as_json, _run_json, _run_line)


@click.command()
@config_option
def check(config_path: Path | None) -> None:
    """Check the store's integrity: orphans, dangling links, broken merges, citations.

    Prints one line per problem and exits 1 when there is any.

    Example: newsdesk check
    """
    problems = read_store(config_path, lambda store: store.integrity_problems())
    for line in problems:
        click.echo(line)
    if problems:
        raise click.exceptions.Exit(1)
    click.echo("store is consistent")
