"""What every command shares: the error rule, option decorators, the store, run output.

Each command opens its inputs, calls one library function and prints; a NewsdeskError
out of any command becomes one ClickException line (``OneLineErrors``), never a
traceback. Data goes to stdout; progress and logs go to stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

from newsdesk.config import CONFIG_NAME, Config, load_config
from newsdesk.errors import NewsdeskError
from newsdesk.models import RunReport
from newsdesk.store import open_store
from newsdesk.store.base import Store

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
err = Console(stderr=True)


class OneLineErrors(click.Group):
    """A group whose commands' own errors end as one ``Error:`` line and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsdeskError as exc:
            raise click.ClickException(str(exc)) from exc


def config_option(func: F) -> F:
    """``--config FILE``, passed as ``config_path``; read it with ``load``."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help=f"Config file to read (default: ./{CONFIG_NAME}).",
    )(func)


def json_option(help_text: str) -> Callable[[F], F]:
    """``--json``, passed as ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def since_option(help_text: str) -> Callable[[F], F]:
    """``--since``: a period's start (``Since``), passed as ``since``; None when not given."""
    return click.option("--since", type=Since(), help=help_text)


def format_option(choices: Sequence[str], default: str, help_text: str) -> Callable[[F], F]:
    """``--format``, one of ``choices``, passed as ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=help_text,
    )


def listing_options(noun: str, limit: int) -> Callable[[F], F]:
    """A listing's options: ``--config``, ``--limit`` (how many ``noun``) and ``--json``."""

    def decorate(func: F) -> F:
        func = json_option("JSON lines instead of a table.")(func)
        how_many = click.option(
            "--limit", default=limit, show_default=True, help=f"How many {noun}."
        )
        return config_option(how_many(func))

    return decorate


# Generic only from click 8.3 on; pyproject allows 8.1, where subscripting it fails.
class Since(click.ParamType):  # type: ignore[type-arg]
    """A period's start: ``24h``, ``7d``, ``90m``, ``2w`` back from now, or an ISO date/time."""

    name = "since"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        from newsdesk.export import parse_since

        if isinstance(value, datetime):
            return value
        try:
            return parse_since(str(value))
        except NewsdeskError as exc:
            self.fail(str(exc), param, ctx)


def load(config_path: Path | None) -> Config:
    """The named config (which must exist), or ./newsdesk.toml when there is one."""
    return load_config(config_path, must_exist=config_path is not None)


def opened(config: Config) -> closing[Store]:
    """The config's store, closed when the ``with`` block ends."""
    return closing(open_store(config.store_url))


def read_store(config_path: Path | None, read: Callable[[Store], T]) -> T:
    """What ``read`` finds in the store of the config at ``config_path`` (see ``load``)."""
    with opened(load(config_path)) as store:
        return read(store)


def echo_rows(
    rows: Iterable[T],
    as_json: bool,
    to_json: Callable[[T], dict[str, Any]],
    to_line: Callable[[T], str],
    ensure_ascii: bool = True,
) -> None:
    """One line per row on stdout: a JSON object with ``--json``, else text."""
    for row in rows:
        if as_json:
            click.echo(json.dumps(to_json(row), ensure_ascii=ensure_ascii))
        else:
            click.echo(to_line(row))


@contextmanager
def progress() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress display on stderr, silent when stderr is not a terminal."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update


def print_report(report: RunReport, as_json: bool = False) -> None:
    """A run's counts and skipped items on stderr; with ``as_json`` also JSON on stdout."""
    counts = ", ".join(f"{k}={v}" for k, v in sorted(report.counts.items())) or "nothing new"
    err.print(f"run {report.id}: {counts}")
    if report.errors:
        errors = ", ".join(f"{k}={v}" for k, v in sorted(report.errors.items()))
        err.print(f"run {report.id}: skipped items by reason: {errors}")
    if as_json:
        parts = ("counts", "errors", "timings")
        click.echo(json.dumps({"run": report.id} | {p: getattr(report, p) for p in parts}))
