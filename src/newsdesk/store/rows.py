"""Rows to models and back, the same for every engine.

Timestamps are stored as ISO-8601 UTC text on both engines, so that comparisons and
orderings agree; JSON columns hold lists and objects. A row is anything indexable by
column name (``sqlite3.Row``, the PostgreSQL store's ``Row``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar, cast

from newsdesk.errors import BadCursorError
from newsdesk.models import (
    Article,
    ArticleKind,
    Draft,
    FetchState,
    Leaning,
    Perspective,
    RawDocument,
    RefusedSentence,
    RunReport,
    Sentence,
    Source,
    SourceHealth,
    SourceKind,
    StoryVersion,
    VerifyReport,
)
from newsdesk.store.records import SearchHit

T = TypeVar("T")
K = TypeVar("K", int, str)
Decoders = Mapping[str, Callable[[Any], Any]]

ARTICLE_COLUMNS = (
    "id, raw_id, source_id, url, title, paragraphs, published_at, updated_at, authors, "
    "site_name, language, summary, kind"
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


def position_of(story_id: int, last_article_at: str) -> str:
    """Where a story stands in ``latest_stories``' order, as text: its id and sort time."""
    return f"{int(story_id)}@{last_article_at}"


def read_position(text: str) -> tuple[int, str]:
    """The (story id, stored sort time) of a ``position_of`` text.

    Raises:
        BadCursorError: ``text`` is not such a position (it may come from a reader).
    """
    number, sep, stamp = text.partition("@")
    if not sep or not number.isascii() or not number.isdigit() or len(number) > 18:
        raise BadCursorError("not a story position")
    if not 0 < len(stamp) <= 64 or not stamp.isprintable():
        raise BadCursorError("not a story position")
    return int(number), stamp


def chunks(items: Sequence[K], size: int = 500) -> Iterator[Sequence[K]]:
    """Split ids or keys for IN (...) queries, which have a bound on parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(n: int) -> str:
    """``n`` parameter marks for an IN (...) list."""
    return ",".join("?" * n)


def record(cls: Callable[..., T], r: Any, decode: Decoders, **given: Any) -> T:
    """A ``cls`` (a dataclass) from the columns of ``r`` named as its fields.

    Args:
        cls: the dataclass.
        r: the row; it has a column for each field not ``given`` (and maybe others).
        decode: per field, what turns the column's value into the field's.
        given: fields set to these values whatever the row holds.
    """
    values = dict(given)
    for name in _field_names(cls):
        if name not in given:
            values[name] = decode[name](r[name]) if name in decode else r[name]
    return cls(**values)


@cache
def _field_names(cls: Callable[..., Any]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cast(Any, cls)))


def _json_tuple(text: str) -> tuple[Any, ...]:
    return tuple(json.loads(text))


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


_SOURCE: Decoders = {
    "kind": SourceKind,
    "interval_minutes": _optional(float),
    "leaning": _optional(Leaning),
    "article_kind": _optional(ArticleKind),
}
_FETCH_STATE: Decoders = {"fetched_at": from_iso}
_HEALTH: Decoders = {
    **dict.fromkeys(
        ("last_attempt", "last_success", "last_error_at", "next_attempt", "retired_at"), from_iso
    ),
    "last_error": lambda v: v or "",
    "last_error_detail": lambda v: v or "",
    "failures": lambda v: int(v or 0),
}
_RAW: Decoders = {
    "headers": json.loads,
    "body": bytes,
    "fetched_at": from_iso,
    "feed_published": from_iso,
    "feed_categories": _json_tuple,
}
_ARTICLE: Decoders = {
    "paragraphs": _json_tuple,
    "authors": _json_tuple,
    "published_at": from_iso,
    "updated_at": from_iso,
    "kind": _optional(ArticleKind),
}
_RUN: Decoders = {
    "started_at": from_iso,
    "finished_at": from_iso,
    **dict.fromkeys(("counts", "errors", "timings"), json.loads),
}


def source_of(r: Any) -> Source:
    return record(Source, r, _SOURCE)


def fetch_state_of(r: Any) -> FetchState:
    return record(FetchState, r, _FETCH_STATE)


def source_health_of(source_id: int, r: Any) -> SourceHealth:
    """The health of ``source_id`` from a sources row joined with its health, if any."""
    return record(SourceHealth, r, _HEALTH, source_id=source_id)


def raw_document_of(r: Any) -> RawDocument:
    return record(RawDocument, r, _RAW)


def article_of(r: Any) -> Article:
    return record(Article, r, _ARTICLE)


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
        None if article.kind is None else article.kind.value,
    )


INSERT_VERSION = (
    "INSERT INTO story_versions (story_id, version, created_at, headline, draft, "
    "article_ids, what_changed, report, coverage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def version_values(version: StoryVersion, coverage: str | None) -> tuple[Any, ...]:
    """The version's columns for ``INSERT_VERSION``; ``coverage`` is already JSON."""
    return (
        version.story_id,
        version.version,
        to_iso(version.created_at),
        version.draft.headline,
        draft_to_json(version.draft),
        json.dumps(list(version.article_ids)),
        version.what_changed,
        report_to_json(version.report),
        coverage,
    )


def version_of(r: Any) -> StoryVersion:
    decode = {"draft": draft_from_json, "report": report_from_json}
    return record(StoryVersion, r, decode | {"created_at": from_iso, "article_ids": _json_tuple})


def run_of(r: Any) -> RunReport:
    return record(RunReport, r, _RUN)


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
        perspectives=tuple(
            Perspective(text=p["text"], article_id=p["article_id"])
            for p in data.get("perspectives", ())
        ),
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
        reasons=tuple(data.get("reasons", ())),
        rejected=str(data.get("rejected", "")),
        translated_from=tuple(data.get("translated_from", ())),
        refused=tuple(
            RefusedSentence(
                text=r["text"],
                reasons=tuple(r.get("reasons", ())),
                part=r.get("part", "body"),
                writer=r.get("writer", ""),
            )
            for r in data.get("refused", ())
        ),
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
