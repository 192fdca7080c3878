"""Paging of the JSON API's lists: opaque cursors and the link to the next page.

Every list answers at most ``limit`` items and ``next``, the link to the page that
follows (None on the last page), also sent as an RFC 8288 ``Link: <...>; rel="next"``
header. A client follows ``next`` and never builds a cursor: its inside (a story's place
in the listing, a source id, a search offset) is the server's to change. A cursor is
read back only by the list that made it; anything else is a 400 with one line.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request

from newsdesk.errors import BadCursorError

T = TypeVar("T")

CURSOR = "cursor"  # the query parameter
_MAX_CURSOR = 200  # characters: every cursor we make is far shorter


def encode_cursor(kind: str, value: str) -> str:
    """An opaque cursor for the list ``kind`` holding ``value``."""
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode("ascii").rstrip("=")


def decode_cursor(raw: str, kind: str) -> str:
    """The value inside a cursor that the list ``kind`` made.

    Raises:
        BadCursorError: ``raw`` is not such a cursor.
    """
    if not raw or len(raw) > _MAX_CURSOR or not raw.isascii():
        raise BadCursorError("cursor is not one this list gave")
    try:
        text = base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_", validate=True)
        tag, sep, value = text.decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise BadCursorError("cursor is not one this list gave") from None
    if not sep or tag != kind:
        raise BadCursorError("cursor is not one this list gave")
    return value


def cursor_value(request: Request, kind: str) -> str | None:
    """The value of the request's cursor for the list ``kind``; None on the first page."""
    raw = request.query_params.get(CURSOR)
    return None if raw is None else decode_cursor(raw, kind)


def next_link(request: Request, cursor: str) -> str:
    """The request's own path and query with ``cursor`` in place of any it had."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != CURSOR]
    return f"{request.url.path}?{urlencode([*params, (CURSOR, cursor)])}"


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: its items, and the cursor of the next page (None: the last)."""

    items: Sequence[T]
    next_cursor: str | None


def page_of(
    fetched: Sequence[T], limit: int, kind: str, value_of: Callable[[T], object]
) -> Page[T]:
    """Cut ``limit + 1`` fetched items to a page; the extra one says a next page exists.

    The next page's cursor holds ``value_of(the page's last item)``.
    """
    if len(fetched) <= limit:
        return Page(fetched, None)
    items = fetched[:limit]
    return Page(items, encode_cursor(kind, str(value_of(items[-1]))))


def whole_number(value: str, most: int = 10**12) -> int:
    """A cursor's value read as a whole number from 0 to ``most``.

    Raises:
        BadCursorError: it is not one.
    """
    if not value.isascii() or not value.isdigit() or int(value) > most:
        raise BadCursorError("cursor is not one this list gave")
    return int(value)
