"""What `watch` sends after each pass: the day's digest when it is due, and alerts.

``Outbox(config, store).after_run(now)`` does both and says when it next has work (a
retry, tomorrow's digest), so that `watch` wakes in time. A fault here is logged and
never stops `watch`: the newsroom goes on publishing.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from newsdesk.alerts import AlertOptions, check_alerts
from newsdesk.config import Config
from newsdesk.digest import DigestOptions, daily
from newsdesk.mail import MailOptions
from newsdesk.store.base import Store

log = logging.getLogger(__name__)


class Outbox:
    """The digest and alert steps of `watch`, with their settings read once."""

    def __init__(self, config: Config, store: Store, started: datetime | None = None) -> None:
        self.store = store
        self.digest = DigestOptions.from_config(config)  # a bad time or zone fails at start
        self.alerts = AlertOptions.from_config(config)
        self.mail = MailOptions.from_config(config)
        self.started = started or datetime.now(UTC)

    def after_run(self, now: datetime | None = None) -> datetime | None:
        """Make, send or retry the day's digest and send alerts; returns when to look next."""
        now = now or datetime.now(UTC)
        wake = None
        try:
            wake = daily(self.store, self.digest, self.mail, now)
        except Exception:  # the digest must not stop the newsroom
            log.exception("digest: the daily step failed; tried again after the next run")
        try:
            check_alerts(self.store, self.alerts, self.mail, now, self.started)
        except Exception:
            log.exception("alerts: the check failed; tried again after the next run")
        return wake
