"""The coverage timeline of a story page: one row per outlet, a dot per article, one axis.

Coordinates are in the SVG's own units (the picture scales as a whole), so text widths
can be judged here: an outlet's name is wrapped onto up to three lines instead of being
cut, and the axis's two end labels go on two lines when side by side they would overlap.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime

from newsdesk.publish.views import StoryView

WIDTH = 520
LABEL_COLUMN = 180  # where the rows start; names are right-aligned 10 units before it
RIGHT_MARGIN = 20
ROW = 28  # height of a one-line row
LINE = 16  # height of each further line of a wrapped name
LABEL_CHARS = 20  # characters per name line (14-unit type, about 7.5 units a character)
MAX_LABEL_LINES = 3
CHAR_WIDTH = 7.5
TICK_GAP = 16


@dataclass(frozen=True, slots=True)
class Row:
    """One outlet: its name's lines (the first at ``y``), and its dots as (x, time shown)
    on a line through the middle of the name (``middle``)."""

    name: str
    lines: tuple[str, ...]
    y: int
    dots: tuple[tuple[float, str], ...]

    @property
    def middle(self) -> float:
        return self.y + LINE * (len(self.lines) - 1) / 2


@dataclass(frozen=True, slots=True)
class Tick:
    """An axis label: its text, where it is anchored and on which baseline."""

    text: str
    x: float
    y: int
    anchor: str  # "start", "middle" or "end"


@dataclass(frozen=True, slots=True)
class Timeline:
    """The coverage picture, ready for the template."""

    width: int
    height: int
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    axis_y: int
    left: int
    right: int
    start: str  # the first and last times, in full, for the description
    end: str


def full_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC")


def tick_time(value: datetime, other: datetime) -> str:
    """A short axis label; the year only when the axis spans two."""
    value, other = value.astimezone(UTC), other.astimezone(UTC)
    if value.year != other.year:
        return value.strftime("%-d %b %Y, %H:%M")
    return value.strftime("%-d %b, %H:%M")


def wrap_name(name: str) -> tuple[str, ...]:
    """An outlet's name on up to three lines; only a name longer than that is cut."""
    lines = textwrap.wrap(name, LABEL_CHARS, break_long_words=True) or [name]
    if len(lines) > MAX_LABEL_LINES:
        kept = lines[:MAX_LABEL_LINES]
        kept[-1] = kept[-1][: LABEL_CHARS - 1].rstrip() + "…"
        lines = kept
    return tuple(lines)


def text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def timeline(view: StoryView) -> Timeline | None:
    """Coordinates of the coverage timeline, or None when no outlet has a time."""
    times = [t for o in view.coverage for t in o.times]
    if not times:
        return None
    first, last = min(times), max(times)
    span = (last - first).total_seconds()
    left, right = LABEL_COLUMN, WIDTH - RIGHT_MARGIN
    rows = []
    y = 20
    for outlet in view.coverage:
        lines = wrap_name(outlet.name)
        dots = tuple(
            (left + (right - left) * ((t - first).total_seconds() / span if span else 0.5),
             full_time(t))
            for t in outlet.times
        )  # fmt: skip
        rows.append(Row(outlet.name, lines, y, dots))
        y += ROW + LINE * (len(lines) - 1)
    axis_y = y - 6
    baseline = axis_y + 16
    if not span:
        ticks: tuple[Tick, ...] = (
            Tick(tick_time(first, last), (left + right) / 2, baseline, "middle"),
        )
    else:
        start, end = tick_time(first, last), tick_time(last, first)
        overlap = text_width(start) + text_width(end) + TICK_GAP > right - left
        ticks = (
            Tick(start, left, baseline, "start"),
            Tick(end, right, baseline + (LINE if overlap else 0), "end"),
        )
    height = max(t.y for t in ticks) + 8
    return Timeline(
        WIDTH, height, tuple(rows), ticks, axis_y, left, right, full_time(first), full_time(last)
    )
