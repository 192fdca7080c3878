"""Full-text search over published stories: SQLite FTS5, or PostgreSQL full-text search.

The ``story_search`` table (SQLite migration 0002, PostgreSQL migration 0005) holds one
row per published story: the latest version's headline, summary and body. Publishing
keeps it current through ``index_story`` and ``remove_story``. Both engines match every
word of the query, the last as a prefix, and rank the headline above the summary above
the body (FTS5's BM25 with column weights; PostgreSQL's ``ts_rank`` with A/B/C weights);
neither stems. PostgreSQL does not fold diacritics (that needs the unaccent extension).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsdesk.publish.safe import clean_text

# Private-use characters mark the matched words in snippets; clean text never holds them
# once split, and they are never rendered: the template turns them into <mark> elements.
_OPEN, _CLOSE = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 12


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching story, with a snippet split into plain and matched parts."""

    story_id: int
    version: int
    headline: str
    snippet: tuple[tuple[str, bool], ...]

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)


def _connection(store: Any) -> sqlite3.Connection | None:
    """The store's SQLite connection when it has the search table, else None."""
    conn = getattr(store, "conn", None)
    if not isinstance(conn, sqlite3.Connection):
        return None
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'story_search'"
    ).fetchone()
    return conn if row else None


def _is_postgres(store: Any) -> bool:
    try:
        from newsdesk.store.postgres import PostgresStore  # psycopg only when installed
    except ImportError:
        return False
    return isinstance(store, PostgresStore)


def supports_search(store: Any) -> bool:
    """True when ``store`` can answer ``search``."""
    return _connection(store) is not None or _is_postgres(store)


def index_story(
    store: Any, story_id: int, version: int, headline: str, summary: str, body: str
) -> None:
    """Make the search row of ``story_id`` hold this version (replacing any older one).

    Args:
        store: the store; nothing happens when it has no search table.
        story_id: the story.
        version: its published version.
        headline: the version's headline.
        summary: its one-sentence summary.
        body: its body as plain text.
    """
    fields = [re.sub(f"[{_OPEN}{_CLOSE}]", "", t) for t in (headline, summary, body)]
    if _is_postgres(store):
        store.conn.execute(
            "INSERT INTO story_search (story_id, version, headline, summary, body) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET "
            "version = excluded.version, headline = excluded.headline, "
            "summary = excluded.summary, body = excluded.body",
            (story_id, version, *fields),
        )
        return
    conn = _connection(store)
    if conn is None:
        return
    with store.transaction():
        conn.execute("DELETE FROM story_search WHERE rowid = ?", (story_id,))
        conn.execute(
            "INSERT INTO story_search (rowid, headline, summary, body, version) "
            "VALUES (?, ?, ?, ?, ?)",
            (story_id, *fields, version),
        )


def remove_story(store: Any, story_id: int) -> None:
    """Take a story (merged away, deleted) out of the search index."""
    if _is_postgres(store):
        store.conn.execute("DELETE FROM story_search WHERE story_id = ?", (story_id,))
        return
    conn = _connection(store)
    if conn is None:
        return
    with store.transaction():
        conn.execute("DELETE FROM story_search WHERE rowid = ?", (story_id,))


def _words(text: str) -> list[str]:
    return _WORD.findall(clean_text(text, limit=500))[:MAX_QUERY_WORDS]


def ts_query(text: str) -> str:
    """A PostgreSQL ``to_tsquery`` text: every word must match, the last as a prefix.

    Only word characters reach it, so tsquery operators in the input mean nothing.

    Example:
        >>> ts_query("Fed raises rat")
        'Fed & raises & rat:*'
    """
    words = _words(text)
    return " & ".join(words) + ":*" if words else ""


def fts_query(text: str) -> str:
    """An FTS5 query for what a reader typed: every word must match, the last as a prefix.

    Words are quoted, so FTS5 operators and punctuation in the input mean nothing.

    Args:
        text: the reader's query.

    Returns:
        The MATCH expression, or "" when the text holds no word.
    """
    words = _words(text)
    if not words:
        return ""
    quoted = ['"' + w.replace('"', "") + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _split_snippet(snippet: str) -> tuple[tuple[str, bool], ...]:
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", snippet)):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return tuple(parts)


def search(store: Any, text: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Stories matching ``text``, best first (headline weighted highest).

    Args:
        store: the store; one without a search table gives no hits.
        text: the reader's query, any text.
        limit: most hits.
        offset: hits to skip, for paging.

    Returns:
        The hits, each with a snippet of the best matching field.
    """
    limit, offset = max(1, min(limit, 100)), max(0, offset)
    if _is_postgres(store):
        return _search_postgres(store, text, limit, offset)
    conn = _connection(store)
    query = fts_query(text)
    if conn is None or not query:
        return []
    rows = conn.execute(
        "SELECT rowid, version, headline, "
        f"snippet(story_search, -1, '{_OPEN}', '{_CLOSE}', ' … ', 24) AS snip "
        "FROM story_search WHERE story_search MATCH ? "
        "ORDER BY bm25(story_search, 10.0, 4.0, 1.0), rowid DESC LIMIT ? OFFSET ?",
        (query, limit, offset),
    ).fetchall()
    return _hits(rows)


def _hits(rows: list[Any]) -> list[SearchHit]:
    return [
        SearchHit(
            story_id=int(r[0]),
            version=int(r[1]),
            headline=clean_text(r[2], limit=500),
            snippet=_split_snippet(r[3] or ""),
        )
        for r in rows
    ]


_PG_SNIPPET = f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=24, MinWords=8, MaxFragments=1"


def _search_postgres(store: Any, text: str, limit: int, offset: int) -> list[SearchHit]:
    query = ts_query(text)
    if not query:
        return []
    rows = store.conn.execute(
        "SELECT story_id, version, headline, ts_headline('simple', "
        "CASE WHEN to_tsvector('simple', summary) @@ q THEN summary ELSE body END, q, ?) "
        "FROM story_search, to_tsquery('simple', ?) AS q WHERE document @@ q "
        "ORDER BY ts_rank(document, q) DESC, story_id DESC LIMIT ? OFFSET ?",
        (_PG_SNIPPET, query, limit, offset),
    ).fetchall()
    return _hits(rows)
