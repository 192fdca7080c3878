"""`newsdesk export`: every story's latest version as JSON lines or CSV, streamed.

``export_stories(store, site, fmt=..., since=..., out=...)`` writes the records of
``publish.record`` one at a time, so memory stays flat whatever the number of stories.
A file is written under a temporary name beside it and renamed into place at the end:
a failed or interrupted export leaves the old file (or none), never half of one.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from newsdesk.errors import ExportError
from newsdesk.publish.options import SiteOptions
from newsdesk.publish.record import outlets_of, story_records
from newsdesk.store.base import Store

FORMATS = ("jsonl", "csv")
CSV_COLUMNS = (
    "id",
    "version",
    "status",
    "headline",
    "summary",
    "published_at",
    "published_at_estimated",
    "updated_at",
    "section",
    "storyline",
    "url",
    "writer",
    "outlet_count",
    "article_count",
    "outlets",
    "leanings",
    "notes",
)
_SPAN = re.compile(r"^\s*(\d{1,6})\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """The start of a period given as a span back from now (``24h``, ``7d``) or an ISO time.

    Args:
        text: ``<n>m``, ``<n>h``, ``<n>d``, ``<n>w``, an ISO date (midnight UTC) or an
            ISO date and time (UTC unless it names its offset).
        now: the end of the period; the current time when None.

    Returns:
        The period's start, time-zone aware.

    Raises:
        ExportError: the text is neither.
    """
    now = now or datetime.now(UTC)
    span = _SPAN.match(text)
    if span:
        return now - timedelta(**{_UNITS[span.group(2).lower()]: int(span.group(1))})
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ExportError(
            f"--since {text!r}: give a span such as 24h or 7d, or an ISO date such as 2025-01-31"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def csv_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """The main fields of a record as one CSV row (``CSV_COLUMNS``)."""
    outlets = outlets_of(record)
    leanings: dict[str, int] = {}
    for leaning in outlets.values():
        leanings[leaning or "unrated"] = leanings.get(leaning or "unrated", 0) + 1
    lead = [s["text"] for s in record["sentences"] if s["paragraph"] == 0]
    row = {
        "id": record["id"],
        "version": record["version"],
        "status": record["status"],
        "headline": record["headline"],
        "summary": " ".join(lead),
        "published_at": record["published_at"],
        "published_at_estimated": "true" if record["published_at_estimated"] else "false",
        "updated_at": record["updated_at"],
        "section": record["section"] or "",
        "storyline": "" if record["storyline"] is None else record["storyline"],
        "url": record["url"],
        "writer": record["writer"],
        "outlet_count": len(outlets),
        "article_count": len(record["articles"]),
        "outlets": "; ".join(outlets),
        "leanings": "; ".join(f"{k}: {v}" for k, v in leanings.items()),
        "notes": " | ".join(f"{n['kind'].capitalize()}: {n['note']}" for n in record["notes"]),
    }
    return {k: _inert(v) for k, v in row.items()}


def _inert(value: Any) -> Any:
    """A text cell a spreadsheet will not run: one that starts like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_records(records: Iterable[Mapping[str, Any]], fmt: str, stream: TextIO) -> int:
    """Write ``records`` to ``stream`` as JSON lines or CSV; returns how many.

    Raises:
        ExportError: an unknown format.
    """
    check_format(fmt)
    count = 0
    if fmt == "jsonl":
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(csv_row(record))
        count += 1
    return count


def check_format(fmt: str) -> None:
    """Raise ExportError unless ``fmt`` is one of ``FORMATS``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


@contextmanager
def replaced_file(path: Path) -> Iterator[TextIO]:
    """A text stream that becomes ``path`` when the block ends without an error.

    The stream is a temporary file beside ``path``, opened at once, so an unwritable
    place fails before any work; on an error (or an interrupt) it is removed.

    Raises:
        ExportError: ``path`` is a folder or its folder cannot be written.
    """
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder; name a file")
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_stories(
    store: Store,
    site: SiteOptions,
    *,
    fmt: str = "jsonl",
    since: datetime | None = None,
    out: Path | None = None,
) -> int:
    """Export the latest version of every story (updated since ``since``, when given).

    Args:
        store: the store to read.
        site: the site's base URL, for each story's address.
        fmt: "jsonl" or "csv".
        since: only stories whose latest version was written at or after this time.
        out: the file to write; standard output when None.

    Returns:
        How many stories were written.

    Raises:
        ExportError: an unknown format or an unwritable ``out``.
    """
    check_format(fmt)
    records = story_records(store, site, since)
    if out is None:
        return write_records(records, fmt, sys.stdout)
    with replaced_file(out) as stream:
        return write_records(records, fmt, stream)


__all__ = ["CSV_COLUMNS", "FORMATS", "csv_row", "export_stories", "parse_since"]
