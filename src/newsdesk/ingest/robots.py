"""robots.txt: fetched once per site, cached in the store for a day, Crawl-delay honoured.

RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be read
(5xx, network failure) disallows everything until it can be read again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from protego import Protego

from newsdesk.store.base import CacheStore
from newsdesk.store.records import CachedRobots

log = logging.getLogger(__name__)

FRESH_FOR = timedelta(hours=24)
UNREADABLE_FRESH_FOR = timedelta(hours=1)
MAX_ROBOTS_BYTES = 500_000  # Google reads the first 500 KiB


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one site; ``body`` is the robots.txt text when there was one."""

    verdict: str  # "rules", "allow_all" or "disallow_all"
    body: str = ""
    fetched_at: datetime | None = None

    def parser(self) -> Protego | None:
        return Protego.parse(self.body) if self.verdict == "rules" else None

    def fresh(self, now: datetime) -> bool:
        if self.fetched_at is None:
            return False
        ttl = UNREADABLE_FRESH_FOR if self.verdict == "disallow_all" else FRESH_FOR
        return now - self.fetched_at < ttl


@dataclass(slots=True)
class SiteRobots:
    """Parsed rules, ready to answer for one site."""

    rules: RobotsRules
    parsed: Protego | None

    def allows(self, url: str, agent: str) -> bool:
        if self.rules.verdict == "allow_all":
            return True
        if self.rules.verdict == "disallow_all" or self.parsed is None:
            return False
        return bool(self.parsed.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float:
        if self.parsed is None:
            return 0.0
        try:
            delay = self.parsed.crawl_delay(agent)
        except (ValueError, TypeError):
            return 0.0
        return float(delay or 0.0)


def cached_rules(store: CacheStore | None, origin: str, now: datetime) -> RobotsRules | None:
    """The stored rules of ``origin`` while they are fresh."""
    cached = store.robots_cache(origin) if store is not None else None
    if cached is None:
        return None
    rules = RobotsRules(cached.verdict, cached.body, cached.fetched_at)
    return rules if rules.fresh(now) else None


def save_rules(store: CacheStore | None, origin: str, rules: RobotsRules) -> None:
    if store is not None:
        at = rules.fetched_at or datetime.now(UTC)
        store.save_robots_cache(origin, CachedRobots(rules.verdict, rules.body, at))


def rules_from_response(status: int, body: bytes, now: datetime) -> RobotsRules:
    """Turn a robots.txt response into rules (RFC 9309 section 2.3.1)."""
    if 200 <= status < 300:
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return RobotsRules("rules", text, now)
    if 400 <= status < 500:
        return RobotsRules("allow_all", "", now)
    return RobotsRules("disallow_all", "", now)
