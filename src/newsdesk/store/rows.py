"""Rows to models and back, the same for every engine.

Timestamps are stored as ISO-8601 UTC text on both engines, so that comparisons and
orderings agree; JSON columns hold lists and objects. A row is anything indexable by
column name (``sqlite3.Row``, the PostgreSQL store's ``Row``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from newsdesk.models import (
    Article,
    Draft,
    FetchState,
    RawDocument,
    RunReport,
    Sentence,
    Source,
    SourceHealth,
    SourceKind,
    StoryVersion,
    VerifyReport,
)
from newsdesk.store.base import SearchHit

ARTICLE_COLUMNS = (
    "id, raw_id, source_id, url, title, paragraphs, published_at, updated_at, authors, "
    "site_name, language, summary"
)
ARTICLE_COLUMNS_A = ", ".join("a." + c.strip() for c in ARTICLE_COLUMNS.split(","))

# Private-use characters mark the matched words in search snippets. They are taken out
# of indexed text, so only the engine's snippet function puts them in.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_MARKS = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]")
_WORD = re.compile(r"\w+", re.UNICODE)


def to_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def from_iso(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def chunks(items: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    """Split ids for IN (...) queries, which have a bound on parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(n: int) -> str:
    """``n`` parameter marks for an IN (...) list."""
    return ",".join("?" * n)


def source_of(row: Any) -> Source:
    minutes = row["interval_minutes"]
    return Source(
        url=row["url"],
        kind=SourceKind(row["kind"]),
        name=row["name"],
        id=row["id"],
        interval_minutes=None if minutes is None else float(minutes),
    )


def fetch_state_of(r: Any) -> FetchState:
    return FetchState(
        url=r["url"],
        etag=r["etag"],
        last_modified=r["last_modified"],
        permanent_url=r["permanent_url"],
        status=r["status"],
        fetched_at=from_iso(r["fetched_at"]),
    )


def source_health_of(source_id: int, r: Any) -> SourceHealth:
    return SourceHealth(
        source_id=source_id,
        last_attempt=from_iso(r["last_attempt"]),
        last_success=from_iso(r["last_success"]),
        last_error=r["last_error"] or "",
        last_error_detail=r["last_error_detail"] or "",
        last_error_at=from_iso(r["last_error_at"]),
        next_attempt=from_iso(r["next_attempt"]),
        failures=int(r["failures"] or 0),
        retired_at=from_iso(r["retired_at"]),
    )


def raw_document_of(r: Any) -> RawDocument:
    return RawDocument(
        key=r["key"],
        url=r["url"],
        final_url=r["final_url"],
        status=r["status"],
        headers=json.loads(r["headers"]),
        body=bytes(r["body"]),
        fetched_at=from_iso(r["fetched_at"]) or datetime.now(UTC),
        content_type=r["content_type"],
        source_id=r["source_id"],
        feed_summary=r["feed_summary"],
        feed_title=r["feed_title"],
        feed_published=from_iso(r["feed_published"]),
        id=r["id"],
    )


def article_of(r: Any) -> Article:
    return Article(
        id=r["id"],
        raw_id=r["raw_id"],
        source_id=r["source_id"],
        url=r["url"],
        title=r["title"],
        paragraphs=tuple(json.loads(r["paragraphs"])),
        published_at=from_iso(r["published_at"]),
        updated_at=from_iso(r["updated_at"]),
        authors=tuple(json.loads(r["authors"])),
        site_name=r["site_name"],
        language=r["language"],
        summary=r["summary"],
    )


def article_values(article: Article) -> tuple[Any, ...]:
    """The article's columns, in the order of ``save_article``'s statements."""
    return (
        article.source_id,
        article.url,
        article.title,
        json.dumps(list(article.paragraphs)),
        to_iso(article.published_at),
        to_iso(article.updated_at),
        json.dumps(list(article.authors)),
        article.site_name,
        article.language,
        article.summary,
    )


def version_of(r: Any) -> StoryVersion:
    return StoryVersion(
        story_id=r["story_id"],
        version=r["version"],
        draft=draft_from_json(r["draft"]),
        created_at=from_iso(r["created_at"]) or datetime.now(UTC),
        article_ids=tuple(json.loads(r["article_ids"])),
        what_changed=r["what_changed"],
        report=report_from_json(r["report"]),
    )


def run_of(r: Any) -> RunReport:
    return RunReport(
        id=r["id"],
        started_at=from_iso(r["started_at"]) or datetime.now(UTC),
        finished_at=from_iso(r["finished_at"]),
        counts=json.loads(r["counts"]),
        errors=json.loads(r["errors"]),
        timings=json.loads(r["timings"]),
    )


def draft_to_json(draft: Draft) -> str:
    return json.dumps(asdict(draft), ensure_ascii=False)


def draft_from_json(text: str) -> Draft:
    data = json.loads(text)

    def sentence(d: dict[str, Any]) -> Sentence:
        return Sentence(text=d["text"], sources=tuple(d["sources"]))

    return Draft(
        headline=data["headline"],
        summary=sentence(data["summary"]),
        paragraphs=tuple(tuple(sentence(s) for s in p) for p in data["paragraphs"]),
        writer=data.get("writer", "extractive"),
    )


def report_to_json(report: VerifyReport | None) -> str | None:
    return None if report is None else json.dumps(asdict(report), ensure_ascii=False)


def report_from_json(text: str | None) -> VerifyReport | None:
    if not text:
        return None
    data = json.loads(text)
    return VerifyReport(
        checked_claims=data["checked_claims"],
        supported_claims=data["supported_claims"],
        dropped=tuple(data.get("dropped", ())),
        fell_back=bool(data.get("fell_back", False)),
        notes=tuple(data.get("notes", ())),
    )


def search_words(words: Sequence[str]) -> list[str]:
    """The word characters of ``words``: nothing else may reach a full-text query."""
    return _WORD.findall(" ".join(words))


def unmarked(text: str) -> str:
    """``text`` without the snippet marks, for indexing."""
    return _MARKS.sub("", text)


def search_hit_of(r: Any) -> SearchHit:
    """A hit from a (story id, version, headline, marked snippet) row."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(_MARKS.split(r[3] or "")):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return SearchHit(story_id=int(r[0]), version=int(r[1]), headline=r[2], snippet=tuple(parts))
