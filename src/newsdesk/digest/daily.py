"""The day's digest: made once at the configured time, sent at most once.

The store keeps each day's digest and how sending it went (migration 0021), so that
neither a restart nor a kill sends it twice:

1. A send is marked 'sending' (and its attempt counted) before the server is reached.
2. The server's answer is recorded: 'sent'; 'failed' when the server cannot have it
   (refused, unreachable, a setting missing), which is tried again after
   ``digest.retry_minutes``, up to ``digest.attempts`` tries; 'unknown' when the message
   was handed over and no answer came.
3. A digest still 'sending' when `watch` next looks was being sent by a process that
   was killed: it may have reached the server, so it becomes 'unknown' and is not sent
   again. `newsdesk digest status` shows it; `newsdesk digest --send --again` is the
   operator's choice.

Several processes may do this at once (workers, the CLI): making a day's digest and
starting its send are each one conditional write, so only one of them does either.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsdesk.digest.build import Digest, DigestOptions, build_digest
from newsdesk.digest.render import message
from newsdesk.digest.site import write_pages
from newsdesk.errors import MailError
from newsdesk.mail import MailOptions, MailUncertain, send
from newsdesk.store.base import Store
from newsdesk.store.records import DigestRecord

log = logging.getLogger(__name__)

PERIOD = timedelta(hours=24)
RETRYABLE = ("pending", "failed")
KILLED = (
    "a send was under way when newsdesk stopped: the server may have it "
    "(newsdesk digest --send --again sends it again)"
)


@dataclass(frozen=True, slots=True)
class DigestSend:
    """What one send of a day's digest ended as."""

    day: str
    state: str  # sent, failed, unknown, or the state that made it not try
    detail: str = ""


def make_day(
    store: Store, options: DigestOptions, now: datetime, since: datetime | None = None
) -> DigestRecord:
    """The digest of ``now``'s day: made, kept and put on the site, unless it exists.

    Args:
        store: the store.
        options: the digest's settings.
        now: the end of the period; its date in the site's time zone names the digest.
        since: the period's start; 24 hours before ``now`` when None.

    Returns:
        The day's digest as kept (made by this call or an earlier one).
    """
    day = options.day_of(now)
    existing = store.digest(day)
    if existing is not None:
        return existing
    digest = build_digest(store, options, since or now - PERIOD, now)
    wanted = bool(options.recipients) and not digest.empty
    record = DigestRecord(
        day=day,
        made_at=now,
        period_start=digest.period_start,
        period_end=digest.period_end,
        content=json.dumps(digest.to_json(), ensure_ascii=False),
        send_state="pending" if wanted else "unsent",
    )
    if store.save_digest(record):
        log.info("digest %s: made, %d stories", day, len(digest.items))
    write_pages(store, options)
    kept = store.digest(day)
    assert kept is not None  # saved now or by another process just before
    return kept


def send_day(
    store: Store,
    options: DigestOptions,
    mail: MailOptions,
    day: str,
    now: datetime | None = None,
    *,
    again: bool = False,
) -> DigestSend:
    """Send the kept digest of ``day`` unless it was sent (or may have been).

    Args:
        store: the store.
        options: the recipients.
        mail: the SMTP settings.
        day: the digest's day.
        now: the attempt's time; the current time when None.
        again: send it whatever its state: the operator's choice after 'sent' or 'unknown'.

    Returns:
        How it ended; a state other than sent, failed or unknown means it was not tried.
    """
    now = now or datetime.now(UTC)
    record = store.digest(day)
    if record is None:
        return DigestSend(day, "missing", "no digest was made for that day")
    states = (*RETRYABLE, "sent", "unknown", "unsent") if again else RETRYABLE
    if not store.start_digest_send(day, now, states):
        latest = store.digest(day)
        return DigestSend(day, latest.send_state if latest else "missing", "not tried")
    try:
        digest = Digest.from_json(json.loads(record.content))
        message_id = send(message(digest, mail, options.recipients), options.recipients, mail)
    except MailUncertain as exc:
        store.set_digest_state(day, "unknown", now, str(exc))
        log.error("digest %s: %s", day, exc)
        return DigestSend(day, "unknown", str(exc))
    except MailError as exc:
        store.set_digest_state(day, "failed", now, str(exc))
        log.warning("digest %s: not sent (attempt %d): %s", day, record.attempts + 1, exc)
        return DigestSend(day, "failed", str(exc))
    store.set_digest_state(day, "sent", now, message_id=message_id)
    log.info("digest %s: sent to %d recipients", day, len(options.recipients))
    return DigestSend(day, "sent", message_id)


def settle_killed_sends(store: Store, now: datetime) -> list[str]:
    """Mark 'unknown' every digest left 'sending' by a process that stopped; returns days.

    A process still sending sets its own answer when it finishes, over this mark.
    """
    settled = []
    for record in store.digests(limit=14):
        if record.send_state == "sending":
            store.set_digest_state(record.day, "unknown", now, KILLED)
            log.error("digest %s: %s", record.day, KILLED)
            settled.append(record.day)
    return settled


def daily(store: Store, options: DigestOptions, mail: MailOptions, now: datetime) -> datetime:
    """`watch`'s daily step: make the day's digest once it is due, send or retry it.

    Returns:
        When this step has something to do next (the next retry or the next day's time).
    """
    settle_killed_sends(store, now)
    day = options.day_of(now)
    if now < options.due_at(day):
        return options.due_at(day)
    record = make_day(store, options, now)
    retry_at = record.last_attempt_at + options.retry if record.last_attempt_at else now
    if record.send_state in RETRYABLE and record.attempts < options.attempts and retry_at <= now:
        outcome = send_day(store, options, mail, day, now)
        record = store.digest(day) or record
        if outcome.state == "failed" and record.attempts >= options.attempts:
            log.error("digest %s: giving up after %d attempts", day, record.attempts)
    if record.send_state == "failed" and record.attempts < options.attempts:
        return (record.last_attempt_at or now) + options.retry
    tomorrow = (datetime.fromisoformat(day) + timedelta(days=1)).date().isoformat()
    return options.due_at(tomorrow)
