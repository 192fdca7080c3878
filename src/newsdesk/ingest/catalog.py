"""The source list as the `newsdesk sources` commands show and change it.

A run reads the config's ``[[sources]]`` and the sources added through the CLI (see
``newsdesk.ingest.sources_to_read``). ``sources add`` and ``import-opml`` add to the
store; ``sources remove`` removes only those, since a config source would come back with
the next run: it is removed by editing the config file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from newsdesk.ingest.detect import Detection, detect_local, detect_remote
from newsdesk.ingest.http import Fetcher, FetchOptions
from newsdesk.models import Source, SourceHealth, SourceKind
from newsdesk.store.base import Store

DEFERRING_ERRORS = frozenset({"rate_limited", "unavailable"})


@dataclass(frozen=True, slots=True)
class Listed:
    """One source with where it is declared and how reading it goes."""

    source: Source
    origin: str  # "config" or "cli"
    health: SourceHealth | None  # None: never stored, so never read
    moved_to: str = ""  # where a permanent redirect sent it


def detect(url: str, options: FetchOptions) -> Detection:
    """What ``url`` (or local path) is.

    Raises:
        FetchError: a remote URL cannot be fetched.
    """
    local = detect_local(url)
    if local is not None:
        return local

    async def remote() -> Detection:
        # No store: validators saved now would turn the first run's read into a 304.
        async with Fetcher(options, None) as fetcher:
            return await detect_remote(url, fetcher, options.max_items_per_feed)

    return asyncio.run(remote())


def listed_sources(configured: Sequence[Source], store: Store) -> list[Listed]:
    """Config sources first (in config order), then the CLI-managed ones."""
    by_url = {s.url: s for s in store.list_sources()}
    config_urls = {s.url for s in configured}
    listed = []
    for source in [*configured, *(s for s in store.managed_sources() if s.url not in config_urls)]:
        stored = by_url.get(source.url)
        health = store.source_health(stored.id) if stored and stored.id is not None else None
        state = store.fetch_state(source.url)
        listed.append(
            Listed(
                source=replace(source, id=stored.id) if stored else source,
                origin="config" if source.url in config_urls else "cli",
                health=health,
                moved_to=state.permanent_url if state is not None else "",
            )
        )
    return listed


def _stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def status_of(item: Listed, now: datetime) -> str:
    """ok, failing, backing off, deferred (429/503), retired, offline or never read."""
    health = item.health
    if item.source.kind in (SourceKind.FOLDER, SourceKind.JSONL, SourceKind.WARC):
        return "offline"
    if health is None or (health.last_attempt is None and health.retired_at is None):
        return "never read"
    if health.retired_at is not None:
        return "retired"
    if health.failures == 0:
        return "ok"
    if health.next_attempt is not None and health.next_attempt > now:
        # A 429 or 503: the site asked us to come back later, and we will.
        return "deferred" if health.last_error in DEFERRING_ERRORS else "backing off"
    return "failing"


def health_lines(item: Listed, now: datetime) -> list[str]:
    """The human lines of `sources check` for one source."""
    source, health = item.source, item.health
    name = f" ({source.name})" if source.name else ""
    lines = [f"{source.url}{name}  [{source.kind.value}, from {item.origin}]"]
    lines.append(f"  status: {status_of(item, now)}")
    if health is not None:
        lines.append(f"  last success: {_stamp(health.last_success)}")
        if health.last_error:
            detail = f" ({health.last_error_detail})" if health.last_error_detail else ""
            lines.append(
                f"  last error: {health.last_error}{detail} at {_stamp(health.last_error_at)}"
                f", {health.failures} in a row"
            )
        if health.retired_at is not None:
            lines.append(f"  retired: {_stamp(health.retired_at)} (HTTP 410 Gone)")
        elif health.next_attempt is not None and health.next_attempt > now:
            lines.append(f"  next attempt: {_stamp(health.next_attempt)}")
        else:
            lines.append("  next attempt: next run")
    if item.moved_to:
        lines.append(f"  moved permanently to: {item.moved_to} (fetched there from now on)")
    return lines


def health_json(item: Listed, now: datetime) -> dict[str, Any]:
    health = item.health or SourceHealth(source_id=item.source.id or 0)

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "url": item.source.url,
        "kind": item.source.kind.value,
        "name": item.source.name,
        "origin": item.origin,
        "status": status_of(item, now),
        "last_success": iso(health.last_success),
        "last_error": health.last_error or None,
        "last_error_detail": health.last_error_detail or None,
        "last_error_at": iso(health.last_error_at),
        "next_attempt": iso(health.next_attempt),
        "failures": health.failures,
        "retired_at": iso(health.retired_at),
        "moved_to": item.moved_to or None,
    }
