"""How important a story is, and which side of the spectrum may be missing it.

``importance`` is the front page's order, as plain arithmetic on plain values, so that
other outputs (the daily digest) rank as the front page does:

    importance = outlets ** 0.75 * (1 + 0.25 * (sides - 1)) * 2 ** (-age / half_life)

* **breadth**: distinct outlets, with diminishing returns (3 outlets count 2.3, 10
  count 5.6), so that wide coverage outweighs a few hours of age;
* **spread**: how many sides of the spectrum (left, center, right) covered it, from
  the outlets' leanings; each side beyond the first adds a quarter;
* **recency**: halves every ``half_life`` hours. The age is taken a quarter of the way
  back from the latest report towards the first one, so a recent update revives a story
  without making an old story new.

``front_page_order`` ranks by the logarithm of ``importance`` (``rank_key``; a story
years old would underflow to 0) and puts every story of two or more outlets before any
single-outlet story, so a single outlet's report never leads, nor does opinion alone.
``blindspot`` follows Ground News: a story with at least 3 outlets of known leaning, at
least 75% of them on one side (left and lean left, or right and lean right; center and
mixed count for neither).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from newsdesk.models import Leaning

BREADTH_POWER = 0.75
SIDE_BONUS = 0.25
UPDATE_PULL = 0.75  # how far an update brings a story's age towards its latest report
BLINDSPOT_MIN_OUTLETS = 3
BLINDSPOT_SHARE = 0.75
LEFT_SIDE = frozenset({Leaning.LEFT, Leaning.LEAN_LEFT})
RIGHT_SIDE = frozenset({Leaning.RIGHT, Leaning.LEAN_RIGHT})
UNRATED = "unrated"
LEANING_ORDER = (*(x.value for x in Leaning), UNRATED)  # left to right, then the rest


def importance(
    outlets: int,
    sides: int,
    first_reported: datetime,
    last_reported: datetime,
    now: datetime,
    half_life_hours: float,
) -> float:
    """A story's importance on the front page (higher first).

    Args:
        outlets: distinct outlets that reported it.
        sides: sides of the spectrum among them (0 to 3; ``sides_of``).
        first_reported: its first report's time.
        last_reported: its latest report's time.
        now: the time the page is made for (never before ``last_reported`` in practice).
        half_life_hours: hours after which recency counts half.

    Returns:
        A non-negative score; 0 for a story without outlets.
    """
    return math.exp(
        log_importance(outlets, sides, first_reported, last_reported, now, half_life_hours)
    )


def log_importance(
    outlets: int,
    sides: int,
    first_reported: datetime,
    last_reported: datetime,
    now: datetime,
    half_life_hours: float,
) -> float:
    """The natural logarithm of ``importance`` (same arguments); -inf without outlets.

    It orders stories as ``importance`` does, but stories weeks older than ``now`` (a
    digest of an archive) keep their order instead of all underflowing to 0.
    """
    if outlets <= 0:
        return -math.inf
    age_last = max(0.0, (now - last_reported).total_seconds() / 3600)
    age_first = max(age_last, (now - first_reported).total_seconds() / 3600)
    age = age_last + (1 - UPDATE_PULL) * (age_first - age_last)
    breadth = BREADTH_POWER * math.log(outlets)
    spread = math.log1p(SIDE_BONUS * max(0, sides - 1))
    return breadth + spread - math.log(2.0) * age / max(half_life_hours, 1e-6)


def leaning_counts(leanings: Iterable[Leaning | None]) -> dict[str, int]:
    """How many outlets of each leaning (one leaning per distinct outlet), unrated too.

    Returns:
        Leaning value (and "unrated") -> count, only those above zero, left to right.
    """
    counts = dict.fromkeys(LEANING_ORDER, 0)
    for leaning in leanings:
        counts[leaning.value if leaning is not None else UNRATED] += 1
    return {k: v for k, v in counts.items() if v}


def _side_counts(counts: Mapping[str, int]) -> tuple[int, int, int]:
    """(left side, right side, all outlets of known leaning)."""
    left = sum(counts.get(x.value, 0) for x in LEFT_SIDE)
    right = sum(counts.get(x.value, 0) for x in RIGHT_SIDE)
    known = sum(v for k, v in counts.items() if k != UNRATED)
    return left, right, known


def sides_of(counts: Mapping[str, int]) -> int:
    """How many of left, center and right covered a story (mixed counts for none)."""
    left, right, _ = _side_counts(counts)
    return (left > 0) + (counts.get(Leaning.CENTER.value, 0) > 0) + (right > 0)


def blindspot(counts: Mapping[str, int]) -> str:
    """The side whose readers would miss a story: "right" when the left covered at least
    ``BLINDSPOT_SHARE`` of it, "left" for the mirror case, "" otherwise.

    Args:
        counts: outlets per leaning (``leaning_counts``).
    """
    left, right, known = _side_counts(counts)
    if known < BLINDSPOT_MIN_OUTLETS:
        return ""
    if left >= BLINDSPOT_SHARE * known:
        return "right"
    if right >= BLINDSPOT_SHARE * known:
        return "left"
    return ""


class Ranked(Protocol):
    """What ranking reads of a story (``StoryEntry`` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def outlets(self) -> tuple[str, ...]: ...
    @property
    def leanings(self) -> Mapping[str, int]: ...
    @property
    def published(self) -> datetime: ...
    @property
    def last_reported(self) -> datetime: ...
    @property
    def views_only(self) -> bool:
        """Every article is opinion or analysis (issue 20)."""
        ...


R = TypeVar("R", bound=Ranked)


def front_page_order(stories: Sequence[R], now: datetime, half_life_hours: float) -> list[R]:
    """``stories`` most important first (``rank_key``): every multi-outlet story before
    any single one, and a story of opinion and analysis alone never first (the most
    important news story leads instead, when there is one). The front page and the
    daily digest both order by it.

    Ties go to the latest report, then to the newer story.
    """
    order = sorted(stories, key=lambda s: rank_key(s, now, half_life_hours), reverse=True)
    lead = next((s for s in order if not s.views_only), None)
    if lead is None or lead is order[0]:
        return order
    return [lead, *(s for s in order if s is not lead)]


def rank_key(
    story: Ranked, now: datetime, half_life_hours: float
) -> tuple[bool, float, datetime, int]:
    """The front page's sort key of one story (higher first): whether two or more outlets
    told it, the logarithm of its importance, its latest report, its id.

    The logarithm, not ``importance``: a story a few years older than ``now`` scores
    2 ** -1000 and more, below the smallest float, and every old story would tie at 0.
    """
    score = log_importance(
        len(story.outlets),
        sides_of(story.leanings),
        story.published,
        story.last_reported,
        now,
        half_life_hours,
    )
    return (len(story.outlets) >= 2, score, story.last_reported, story.id)
