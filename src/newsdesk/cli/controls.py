"""The operator's controls: `stories correct|retract|suppress|restore` and `sources block`.

The commands join the `stories` and `sources` groups (``cli/__init__.py``); the work is in
``newsdesk.controls``. The next `run` (or `watch` pass) publishes the change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from newsdesk.cli.common import config_option, load, opened
from newsdesk.models import NoteKind

_NOTE = click.option("--note", required=True, help="What changed and why, in a sentence.")
_DONE = {
    NoteKind.CORRECTION: "corrected",
    NoteKind.RETRACTION: "retracted",
    NoteKind.SUPPRESSION: "suppressed",
    NoteKind.RESTORATION: "restored",
}


def _control(kind: NoteKind, name: str, doc: str) -> click.Command:
    def command(config_path: Path | None, story_id: int, note: str) -> None:
        from newsdesk.controls import apply_note

        with opened(load(config_path)) as store:
            recorded = apply_note(store, story_id, kind, note)
        click.echo(
            f"story {story_id} {_DONE[kind]} (version {recorded.version}); "
            "the next run publishes it"
        )

    command.__doc__ = doc
    decorated: Callable[..., Any] = _NOTE(click.argument("story_id", type=int)(command))
    return click.command(name)(config_option(decorated))


correct = _control(
    NoteKind.CORRECTION,
    "correct",
    """Add a correction note to a story; its earlier versions stay in its history.

    The note shows on the story's page, in the feeds, the API, exports and the next
    digest. The story is still rewritten when its sources change.

    Example: newsdesk stories correct 12 --note "An earlier version gave the wrong date."
    """,
)
retract = _control(
    NoteKind.RETRACTION,
    "retract",
    """Retract a story: it stays at its address under the note and is never rewritten.

    Listings and feeds mark it retracted; the API and exports carry the note; the next
    digest says so.

    Example: newsdesk stories retract 12 --note "The event did not take place."
    """,
)
suppress = _control(
    NoteKind.SUPPRESSION,
    "suppress",
    """Take a story off the site, feeds, API, search, exports and digests.

    Its page is replaced by a notice that it was removed. The note is kept for the
    record and shown to no reader. `stories restore` undoes it.

    Example: newsdesk stories suppress 12 --note "Legal request, ticket 4411."
    """,
)
restore = _control(
    NoteKind.RESTORATION,
    "restore",
    """Publish a retracted or suppressed story again (with the note, when it was retracted).

    Example: newsdesk stories restore 12 --note "Retracted by mistake."
    """,
)


@click.command("block")
@config_option
@click.argument("url")
@_NOTE
def block(config_path: Path | None, url: str, note: str) -> None:
    """Stop reading a source; what it already gave stays until you act on those stories.

    Works for the config's sources and those added with `sources add`. `sources
    unblock` reads it again.

    Example: newsdesk sources block https://example.org/feed.xml --note "Fabricated quotes."
    """
    from newsdesk.controls import block_source

    config = load(config_path)
    with opened(config) as store:
        for source in config.sources:  # a config source may not have been read yet
            store.upsert_source(source)
        block_source(store, url, note)
    click.echo(f"blocked {url}: no run reads it until `newsdesk sources unblock`")


@click.command("unblock")
@config_option
@click.argument("url")
def unblock(config_path: Path | None, url: str) -> None:
    """Read a blocked source again from the next run on.

    Example: newsdesk sources unblock https://example.org/feed.xml
    """
    with opened(load(config_path)) as store:
        if not store.unblock_source(url):
            raise click.ClickException(f"{url} is not blocked")
    click.echo(f"unblocked {url}")
