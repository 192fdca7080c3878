"""Per-source health: success resets, failures back off exponentially, 410 retires.

The backoff doubles from BASE with every consecutive failure up to CEILING; a 429 or 503
with Retry-After, on the source's feed or on one of its pages, defers the source for what
the server asked instead (at least BASE, at most a day).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from newsdesk.errors import FetchError
from newsdesk.ingest.http import Gone, RateLimited
from newsdesk.models import SourceHealth
from newsdesk.store.base import Store

BASE = timedelta(minutes=5)
CEILING = timedelta(hours=24)


def backoff(failures: int) -> timedelta:
    """The wait after ``failures`` consecutive failures (1 -> BASE, doubling, capped)."""
    doublings = max(0, min(failures, 20) - 1)
    wait: timedelta = BASE * 2**doublings
    return min(wait, CEILING)


def skip_reason(health: SourceHealth, now: datetime) -> str:
    """Why a source is not read now ("retired", "backing_off"), or '' when it is due."""
    if health.retired_at is not None:
        return "retired"
    if health.next_attempt is not None and health.next_attempt > now:
        return "backing_off"
    return ""


def record_success(store: Store, source_id: int, now: datetime) -> None:
    health = store.source_health(source_id)
    store.save_source_health(
        replace(health, last_attempt=now, last_success=now, failures=0, next_attempt=None)
    )


def record_failure(
    store: Store, source_id: int, error: FetchError, now: datetime, detail: str = ""
) -> SourceHealth:
    """Count one failure of the source, and retire it on 410 Gone; returns the new health.

    ``detail`` says what failed when it was not the source's own URL (one of its pages).
    """
    health = store.source_health(source_id)
    failures = health.failures + 1
    wait = backoff(failures)
    if isinstance(error, RateLimited) and error.retry_after is not None:
        wait = max(error.retry_after, BASE)
    updated = replace(
        health,
        last_attempt=now,
        last_error=error.reason,
        last_error_detail=detail or error.detail or str(error),
        last_error_at=now,
        failures=failures,
        next_attempt=now + wait,
    )
    store.save_source_health(updated)
    if isinstance(error, Gone):
        store.retire_source(source_id, now)
        updated = replace(updated, retired_at=now)
    return updated
