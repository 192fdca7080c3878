"""`newsdesk init`, `run` and `backfill`: set up, and one pass of work."""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.cli.common import config_option, err, json_option, load, opened, print_report
from newsdesk.cli.common import progress as show_progress
from newsdesk.config import CONFIG_NAME, default_config_text


@click.command()
@click.option("--force", is_flag=True, help="Overwrite an existing newsdesk.toml.")
def init(force: bool) -> None:
    """Write a commented default newsdesk.toml in the current folder.

    Example: newsdesk init
    """
    path = Path.cwd() / CONFIG_NAME
    if path.exists() and not force:
        raise click.ClickException(f"{path} already exists (use --force to overwrite)")
    path.write_text(default_config_text(), encoding="utf-8")
    click.echo(f"wrote {path}")


@click.command()
@config_option
@json_option("Print the run report as JSON on stdout.")
def run(config_path: Path | None, as_json: bool) -> None:
    """Run every stage once: ingest, extract, dedupe, cluster, write, publish.

    SIGTERM or Ctrl-C stops it cleanly within seconds, whatever it is waiting on (a
    second one stops it at once); the next run picks up where it stopped.

    Example: newsdesk run --config newsdesk.toml
    """
    from newsdesk.pipeline import run as run_pipeline
    from newsdesk.watch import stop_on_signals

    config = load(config_path)
    with opened(config) as store:
        if not config.sources and not store.managed_sources():
            err.print(
                "no sources configured: add [[sources]] tables to the config "
                "(newsdesk init writes an example) or use `newsdesk sources add URL`"
            )
        with show_progress() as progress, stop_on_signals() as stop:
            report = run_pipeline(config, store, progress=progress, should_stop=stop.is_set)
    print_report(report, as_json)


@click.command()
@config_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--address", help="Ray cluster address (default: backfill.address; local Ray).")
@json_option("Print the run report as JSON on stdout.")
def backfill(
    config_path: Path | None, paths: tuple[Path, ...], address: str | None, as_json: bool
) -> None:
    """Extract and deduplicate an archive as a batch job on Ray Data.

    PATHS are folders of saved HTML pages, JSONL dumps (.jsonl[.gz]) and WARC files
    (.warc[.gz]). Parsing runs on Ray, on this machine or on the cluster that
    backfill.address names ('pip install newsdesk[backfill]'); the store ends as
    `newsdesk run` would leave it, and the next `run` or `watch` clusters and writes
    the new articles. With cluster.use_embeddings the articles' sentence embeddings
    are computed on Ray as well. Running it again adds nothing.

    Example: newsdesk backfill archive/2024.jsonl.gz archive/pages
    """
    from newsdesk.backfill import BackfillOptions
    from newsdesk.backfill import backfill as run_backfill

    config = load(config_path)
    options = BackfillOptions.from_config(config, address)
    with opened(config) as store, show_progress() as progress:
        report = run_backfill(list(paths), store, options, progress)
    print_report(report, as_json)
