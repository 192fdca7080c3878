"""`newsdesk digest`: the briefing of a period, printed, published or sent; `digest status`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsdesk.cli.common import (
    config_option,
    err,
    format_option,
    json_option,
    load,
    opened,
    since_option,
)
from newsdesk.store.base import Store
from newsdesk.store.records import DigestRecord

if TYPE_CHECKING:  # the digest package is imported by the commands that use it
    from newsdesk.digest import DigestOptions
    from newsdesk.mail import MailOptions

_FORMATS = ("markdown", "html", "email")


@click.group(invoke_without_command=True)
@config_option
@since_option("The period's start: 24h, 7d, or an ISO date (default: 24h).")
@format_option(
    _FORMATS,
    "markdown",
    "markdown, html (the e-mail's HTML), or email (the whole MIME message as sent).",
)
@click.option(
    "--publish",
    is_flag=True,
    help="Keep today's digest and put it on the site (digest/YYYY-MM-DD.html, "
    "digest/feed.xml) instead of printing it.",
)
@click.option(
    "--send",
    is_flag=True,
    help="Publish today's digest and e-mail it to digest.recipients, unless it was sent.",
)
@click.option(
    "--again",
    is_flag=True,
    help="With --send: send today's digest even though it was sent (or may have been).",
)
@click.pass_context
def digest(
    ctx: click.Context,
    config_path: Path | None,
    since: datetime | None,
    fmt: str,
    publish: bool,
    send: bool,
    again: bool,
) -> None:
    """The day's top stories by section: headline, two sentences, outlets and leanings.

    Prints the digest of the period (default: the last 24 hours). `watch` makes and
    sends one a day by itself at digest.time; --publish and --send do it now, and a
    day's digest is made and sent once (see `digest status`).

    Example: newsdesk digest --since 24h --format markdown
    """
    if ctx.invoked_subcommand is not None:
        return
    from newsdesk.digest import DigestOptions, build_digest, render
    from newsdesk.mail import MailOptions

    if again and not send:
        raise click.UsageError("--again goes with --send")
    config = load(config_path)
    options = DigestOptions.from_config(config)
    mail = MailOptions.from_config(config)
    now = datetime.now(UTC)
    with opened(config) as store:
        if send or publish:
            _publish_and_send(store, options, mail, now, since, send=send, again=again)
            return
        made = build_digest(store, options, since or now - timedelta(hours=24), now)
        click.echo(render(made, fmt, mail, options.recipients), nl=fmt != "email")


def _publish_and_send(
    store: Store,
    options: DigestOptions,
    mail: MailOptions,
    now: datetime,
    since: datetime | None,
    *,
    send: bool,
    again: bool,
) -> None:
    from newsdesk.digest import make_day, send_day, settle_killed_sends

    if send:
        mail.check(options.recipients)  # a missing setting stops here, before anything is kept
    settle_killed_sends(store, now)
    day = options.day_of(now)
    kept = store.digest(day)
    record = kept or make_day(store, options, now, since)
    click.echo(f"digest {day}: {options.site.absolute(f'digest/{day}.html')}")
    if not send:
        return
    if record.send_state in ("sent", "unknown") and not again:
        raise click.ClickException(f"{_state_line(record)}; --again sends it anyway")
    outcome = send_day(store, options, mail, day, now, again=True)
    if outcome.state != "sent":
        raise click.ClickException(f"digest {day} not sent ({outcome.state}): {outcome.detail}")
    click.echo(f"digest {day}: sent to {len(options.recipients)} recipients ({outcome.detail})")


def _state_line(record: DigestRecord) -> str:
    text = {
        "pending": "made, not sent yet",
        "sending": "being sent",
        "sent": f"sent at {record.sent_at:%Y-%m-%d %H:%M} UTC" if record.sent_at else "sent",
        "failed": f"failed after {record.attempts} attempts",
        "unknown": "unknown: the server may have received it",
        "unsent": "not sent (no recipients, or nothing to send)",
    }.get(record.send_state, record.send_state)
    line = f"digest {record.day}: {text}"
    return f"{line}: {record.last_error}" if record.last_error else line


@digest.command("status")
@config_option
@click.option("--limit", default=7, show_default=True, help="How many days.")
@json_option("JSON lines instead of text.")
def digest_status(config_path: Path | None, limit: int, as_json: bool) -> None:
    """How sending each day's digest went: sent, failed (and why), or unknown.

    "unknown" means a send was cut off after the message was handed over: the server
    may have it. Resending is your choice: newsdesk digest --send --again.

    Example: newsdesk digest status
    """
    with opened(load(config_path)) as store:
        records = store.digests(limit)
    if not records:
        err.print("no digest has been made yet")
    for r in records:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "day": r.day,
                        "state": r.send_state,
                        "attempts": r.attempts,
                        "last_attempt_at": r.last_attempt_at.isoformat()
                        if r.last_attempt_at
                        else None,
                        "sent_at": r.sent_at.isoformat() if r.sent_at else None,
                        "error": r.last_error,
                        "message_id": r.message_id,
                    }
                )
            )
        else:
            click.echo(_state_line(r))
