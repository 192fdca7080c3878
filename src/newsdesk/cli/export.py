"""`newsdesk export`: every story's latest version as JSON lines or CSV."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import click

from newsdesk.cli.common import config_option, err, format_option, load, opened, since_option
from newsdesk.export import FORMATS, export_stories
from newsdesk.publish import SiteOptions


@click.command("export")
@config_option
@format_option(
    FORMATS,
    "jsonl",
    "JSON lines (the story schema, docs/story.schema.json) or CSV (one row per story).",
)
@since_option("Only stories updated since then: 24h, 7d, or an ISO date (default: every story).")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (replaced only once complete; default: standard output).",
)
def export(config_path: Path | None, fmt: str, since: datetime | None, out: Path | None) -> None:
    """Export every story's latest version, one story a line (or row).

    Stories are read and written a page at a time, so any number of them export in
    little memory. Suppressed stories are left out; retracted ones carry their note.

    Example: newsdesk export --format jsonl --since 7d --out stories.jsonl
    """
    config = load(config_path)
    with opened(config) as store:
        try:
            count = export_stories(
                store, SiteOptions.from_config(config), fmt=fmt, since=since, out=out
            )
        except BrokenPipeError:
            # The reader (head, a closed pager) stopped: nothing more to say to it.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
    err.print(f"exported {count} stories" + (f" to {out}" if out else ""))
