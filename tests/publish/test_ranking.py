"""The front page's order and the blindspot rule, as plain functions (publish/ranking.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.models import Leaning
from newsdesk.publish.ranking import (
    blindspot,
    front_page_order,
    importance,
    leaning_counts,
    sides_of,
)

NOW = datetime(2021, 7, 14, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def score(outlets: int, sides: int = 0, age: float = 0, first_age: float | None = None) -> float:
    last = NOW - age * HOUR
    first = NOW - (age if first_age is None else first_age) * HOUR
    return importance(outlets, sides, first, last, NOW, half_life_hours=24)


def test_more_outlets_and_more_sides_weigh_more() -> None:
    assert score(1) < score(2) < score(3) < score(10)
    assert score(3, sides=1) < score(3, sides=2) < score(3, sides=3)
    assert score(0) == 0.0


def test_recency_halves_every_half_life() -> None:
    assert score(3, age=24) == pytest.approx(score(3) / 2)
    assert score(3, age=48) == pytest.approx(score(3) / 4)


def test_a_recent_update_revives_a_story_without_making_it_new() -> None:
    old = score(3, age=48)
    updated = score(3, age=1, first_age=48)
    fresh = score(3, age=1)
    assert old < updated < fresh


def test_wide_coverage_outweighs_a_few_hours() -> None:
    assert score(10, age=18) > score(3, age=1)
    assert score(3, age=1) > score(3, age=30)


@dataclass
class Item:
    id: int
    outlets: tuple[str, ...]
    published: datetime
    reported: datetime
    leanings: dict[str, int] = field(default_factory=dict)
    views_only: bool = False

    @property
    def last_reported(self) -> datetime:
        return self.reported


def test_single_outlet_stories_never_lead() -> None:
    fresh_single = Item(1, ("Reuters",), NOW, NOW)
    old_pair = Item(2, ("AP", "Fox News"), NOW - 100 * HOUR, NOW - 90 * HOUR)
    wide = Item(3, ("AP", "CNN", "NPR", "WSJ"), NOW - 5 * HOUR, NOW - 2 * HOUR)
    order = front_page_order([fresh_single, old_pair, wide], NOW, 24)
    assert [i.id for i in order] == [3, 2, 1]


def test_ties_go_to_the_latest_report_then_the_newer_story() -> None:
    a = Item(1, ("AP", "CNN"), NOW - 2 * HOUR, NOW - HOUR)
    b = Item(2, ("AP", "CNN"), NOW - 2 * HOUR, NOW - HOUR)
    assert [i.id for i in front_page_order([a, b], NOW, 24)] == [2, 1]


def counts(*leanings: Leaning | None) -> dict[str, int]:
    return leaning_counts(leanings)


L, LL, C, LR, R, M = (
    Leaning.LEFT,
    Leaning.LEAN_LEFT,
    Leaning.CENTER,
    Leaning.LEAN_RIGHT,
    Leaning.RIGHT,
    Leaning.MIXED,
)


@pytest.mark.parametrize(
    ("leanings", "missed_by"),
    [
        ((L, LL, L), "right"),  # all on the left
        ((L, LL, LL, C), "right"),  # 3 of 4 known: exactly 75%
        ((R, LR, R, C), "left"),
        ((L, LL, C), ""),  # 2 of 3: under 75%
        ((L, LL, None, None), ""),  # only 2 of known leaning
        ((L, LL, L, None, None, None), "right"),  # the unrated count for nothing
        ((L, LL, M, C), ""),  # mixed and center count as known, for neither side
        ((C, C, C), ""),
    ],
)
def test_blindspot_needs_three_rated_outlets_three_quarters_on_one_side(
    leanings: tuple[Leaning | None, ...], missed_by: str
) -> None:
    assert blindspot(counts(*leanings)) == missed_by


def test_counts_go_left_to_right_and_sides_ignore_mixed() -> None:
    found = counts(R, None, L, C, LL, M)
    assert list(found) == ["left", "lean left", "center", "right", "mixed", "unrated"]
    assert sides_of(found) == 3
    assert sides_of(counts(M, None)) == 0
    assert sides_of(counts(LL, LR)) == 2


def test_stories_years_old_still_rank_by_coverage() -> None:
    # 2 ** (-3 * 365 * 24 / 24) is below the smallest float: importance() is 0 for both.
    years = 3 * 365 * 24 * HOUR
    wide = Item(1, ("AP", "CNN", "NPR", "WSJ", "Fox News"), NOW - years, NOW - years)
    narrow = Item(2, ("AP", "CNN"), NOW - years + HOUR, NOW - years + HOUR)
    assert score(5, age=years / HOUR) == 0.0  # what the plain exponential gives
    assert [i.id for i in front_page_order([narrow, wide], NOW, 24)] == [1, 2]


def test_opinion_alone_never_leads() -> None:
    views = Item(1, ("AP", "CNN", "NPR", "WSJ"), NOW, NOW, views_only=True)
    news = Item(2, ("AP", "CNN"), NOW - 9 * HOUR, NOW - 9 * HOUR)
    single = Item(3, ("AP",), NOW, NOW)
    assert [i.id for i in front_page_order([views, news, single], NOW, 24)] == [2, 1, 3]
    # With no news story at all, the order stands.
    column = Item(4, ("AP",), NOW, NOW, views_only=True)
    assert [i.id for i in front_page_order([column, views], NOW, 24)] == [1, 4]
