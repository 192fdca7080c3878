"""Pages and checks the extract tests share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdesk.extract import strip_promo_lines
from newsdesk.models import Article, RawDocument, Rejected

FIXTURES = Path(__file__).resolve().parent / "fixtures"

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def raw(
    body: bytes, url: str = "https://example.org/news/1", content_type: str = "text/html", **kw: Any
) -> RawDocument:
    return RawDocument(
        key=url,
        url=url,
        final_url=url,
        status=200,
        headers=kw.pop("headers", {}),
        body=body,
        fetched_at=NOW,
        content_type=content_type,
        **kw,
    )


def article(result: Article | Rejected) -> Article:
    assert isinstance(result, Article), result
    return result


def assert_not_text(text: str, dropped: Sequence[str], kept: Sequence[str]) -> None:
    """``strip_promo_lines`` drops each of ``dropped`` between two text lines, keeps ``kept``."""
    assert strip_promo_lines((text, *dropped, text)) == (text, text)
    assert strip_promo_lines(tuple(kept)) == tuple(kept)
