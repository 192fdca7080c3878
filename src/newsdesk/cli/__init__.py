"""The command line: thin commands over the library (sqlite-utils' rule).

One module per command group: ``jobs`` (init, run, backfill), ``service`` (watch, serve,
demo), ``stories``, ``sources``, ``runs`` (runs list, check), ``evals``, ``export``,
``digest``, ``backup`` (backup, restore) and ``controls`` (the operator's commands, which
join `stories` and `sources`); what they share is in ``common``. Data goes to stdout;
progress and logs go to stderr. Every error is one line and a non-zero exit.
"""

from __future__ import annotations

import logging
import sys

import click

from newsdesk import __version__
from newsdesk.cli import (
    backup,
    controls,
    digest,
    evals,
    export,
    jobs,
    runs,
    service,
    sources,
    stories,
)
from newsdesk.cli.common import OneLineErrors


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsdesk")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def main(verbose: int, quiet: bool) -> None:
    """newsdesk: a self-hosted automated newsroom.

    Watches news sources, extracts the article text, groups articles about the same
    event into one story, and writes one neutral, sourced story per event.

    Example: newsdesk init && newsdesk run
    """
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )


for command in (
    jobs.init,
    jobs.run,
    jobs.backfill,
    service.watch,
    service.serve,
    service.demo,
    stories.stories,
    sources.sources,
    runs.runs,
    runs.check,
    backup.backup,
    backup.restore,
    evals.eval_group,
    export.export,
    digest.digest,
):
    main.add_command(command)
for control in (controls.correct, controls.retract, controls.suppress, controls.restore):
    stories.stories.add_command(control)
sources.sources.add_command(controls.block)
sources.sources.add_command(controls.unblock)

__all__ = ["main"]
