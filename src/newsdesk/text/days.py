"""The day a weekday names in an article, read one way by the writer and the verifier."""

from __future__ import annotations

from datetime import date, timedelta

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
AHEAD_DAYS = 1  # a weekday is read in [-5, +1] days of its article's day


def weekday_date(weekday: str, published: date) -> date:
    """The day ``weekday`` ("Thursday", any case) names in an article of ``published``:
    the one within five days before and one day after it. A report may name tomorrow's
    scheduled event, and its (UTC) time may fall before the day it was written; the same
    weekday a week back is the rarer reading (why: docs/decisions/write.md)."""
    ahead = (WEEKDAY_NAMES.index(weekday.lower()) - published.weekday()) % 7
    return published + timedelta(days=ahead if ahead <= AHEAD_DAYS else ahead - 7)
