"""Alerts: an e-mail to the operator when newsdesk stops publishing or a source keeps failing.

Conditions, checked by `watch` after every pass:

- ``no_publication``: no story version written for ``alerts.quiet_hours`` hours;
- ``source_failing:<id>``: a source failed ``alerts.source_failures`` runs in a row
  (blocked and retired sources are not read, so they never count).

Each spell of a condition is one row in the store (migration 0021): opened when it
starts to hold, told once, closed when it stops, and its recovery told once. What a check
finds is sent in one e-mail. A send that fails leaves the rows untold, so the next check
tries again; a process killed between the server's answer and the record tells it again
(an alert is better repeated than lost).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from newsdesk.config import Config, default
from newsdesk.digest.build import recipients_of
from newsdesk.errors import MailError
from newsdesk.mail import MailOptions, new_message, send
from newsdesk.store.base import Store
from newsdesk.store.records import AlertRecord

log = logging.getLogger(__name__)

NO_PUBLICATION = "no_publication"
SOURCE_FAILING = "source_failing:"


@dataclass(frozen=True, slots=True)
class AlertOptions:
    """When to alert, and whom.

    Example: ``AlertOptions(quiet_hours=6, source_failures=3, recipients=("ops@example.org",))``
    """

    quiet_hours: float = default("alerts.quiet_hours")
    source_failures: int = default("alerts.source_failures")
    recipients: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> AlertOptions:
        """The ``alerts.*`` settings; recipients default to ``mail.operator``."""
        chosen = [str(r) for r in config.get("alerts.recipients")]
        return cls(
            quiet_hours=float(config.get("alerts.quiet_hours")),
            source_failures=int(config.get("alerts.source_failures")),
            recipients=recipients_of(chosen or [str(config.get("mail.operator"))]),
        )


def conditions(
    store: Store, options: AlertOptions, now: datetime, watching_since: datetime
) -> dict[str, str]:
    """The alert conditions that hold now, each with a line saying why.

    Args:
        store: the store.
        options: the thresholds.
        now: the time of the check.
        watching_since: when `watch` started: the quiet time counts from there when no
            story was ever written.
    """
    found: dict[str, str] = {}
    if options.quiet_hours > 0:
        last = store.last_version_at()
        quiet = now - (last or watching_since)
        if quiet >= timedelta(hours=options.quiet_hours):
            since = f"since {last:%Y-%m-%d %H:%M} UTC" if last else "since newsdesk started"
            found[NO_PUBLICATION] = (
                f"No story has been written {since} ({quiet.total_seconds() / 3600:.1f} hours; "
                f"alerts.quiet_hours is {options.quiet_hours:g})."
            )
    if options.source_failures > 0:
        blocked = {b.url for b in store.blocked_sources()}
        for source in store.list_sources():
            if source.id is None or source.url in blocked:
                continue
            health = store.source_health(source.id)
            if health.retired_at is None and health.failures >= options.source_failures:
                reason = health.last_error + (
                    f" ({health.last_error_detail})" if health.last_error_detail else ""
                )
                found[f"{SOURCE_FAILING}{source.id}"] = (
                    f"Source {source.name or source.url} ({source.url}) has failed "
                    f"{health.failures} runs in a row; last error: {reason or 'unknown'}."
                )
    return found


def check_alerts(
    store: Store,
    options: AlertOptions,
    mail: MailOptions,
    now: datetime | None = None,
    watching_since: datetime | None = None,
) -> list[str]:
    """Open and close alert spells, and e-mail what is new; returns the lines sent.

    Nothing is checked when there is no mail server or no one to tell.
    """
    now = now or datetime.now(UTC)
    if not mail.host or not options.recipients:
        return []
    holding = conditions(store, options, now, watching_since or now)
    open_now = {a.condition: a for a in store.open_alerts() if a.resolved_at is None}
    for condition, detail in holding.items():
        if condition not in open_now:
            store.fire_alert(condition, detail, now)
    for alert in open_now.values():
        if alert.condition not in holding:
            store.resolve_alert(alert.id, now)
    fired, recovered = [], []
    for alert in store.open_alerts():
        if alert.resolved_at is None and alert.fire_sent_at is None:
            fired.append(alert)
        elif alert.resolved_at is not None and alert.fire_sent_at is None:
            # It ended before anyone was told: nothing to tell either way.
            store.mark_alert_sent(alert.id, recovery=False, at=now)
            store.mark_alert_sent(alert.id, recovery=True, at=now)
        elif alert.resolved_at is not None:
            recovered.append(alert)
    if not fired and not recovered:
        return []
    lines = _lines(fired, recovered, holding)
    try:
        send(_message(mail, options, fired, recovered, lines), options.recipients, mail)
    except MailError as exc:
        log.warning("alerts: not sent, tried again after the next run: %s", exc)
        return []
    for alert in fired:
        store.mark_alert_sent(alert.id, recovery=False, at=now)
    for alert in recovered:
        store.mark_alert_sent(alert.id, recovery=True, at=now)
    log.info("alerts: sent %d alerts and %d recoveries", len(fired), len(recovered))
    return lines


def _lines(
    fired: list[AlertRecord], recovered: list[AlertRecord], holding: Mapping[str, str]
) -> list[str]:
    lines = [f"ALERT: {holding.get(a.condition, a.detail)}" for a in fired]
    for alert in recovered:
        when = alert.resolved_at or alert.fired_at
        lines.append(f"RECOVERED ({when:%Y-%m-%d %H:%M} UTC): no longer true: {alert.detail}")
    return lines


def _message(
    mail: MailOptions,
    options: AlertOptions,
    fired: list[AlertRecord],
    recovered: list[AlertRecord],
    lines: list[str],
) -> EmailMessage:
    parts = []
    if fired:
        parts.append(f"{len(fired)} alert{'' if len(fired) == 1 else 's'}")
    if recovered:
        parts.append(f"{len(recovered)} recover{'y' if len(recovered) == 1 else 'ies'}")
    text = "\n\n".join(lines) + (
        "\n\nnewsdesk sends one message when a condition starts and one when it ends.\n"
    )
    return new_message(
        mail, options.recipients, f"newsdesk: {', '.join(parts)}", text, automatic=True
    )
