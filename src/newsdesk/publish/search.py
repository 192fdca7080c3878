"""Full-text search over published stories with SQLite FTS5.

The ``story_search`` table (migration 0002) holds one row per published story, its rowid
the story id: the latest version's headline, summary and body. Publishing keeps it current through
``index_story`` and ``remove_story``; stores without the table (PostgreSQL) are skipped
and give no search results here.
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


def supports_search(store: Any) -> bool:
    """True when ``store`` can answer ``search``."""
    return _connection(store) is not None


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
    conn = _connection(store)
    if conn is None:
        return
    fields = [re.sub(f"[{_OPEN}{_CLOSE}]", "", t) for t in (headline, summary, body)]
    with store.transaction():
        conn.execute("DELETE FROM story_search WHERE rowid = ?", (story_id,))
        conn.execute(
            "INSERT INTO story_search (rowid, headline, summary, body, version) "
            "VALUES (?, ?, ?, ?, ?)",
            (story_id, *fields, version),
        )


def remove_story(store: Any, story_id: int) -> None:
    """Take a story (merged away, deleted) out of the search index."""
    conn = _connection(store)
    if conn is None:
        return
    with store.transaction():
        conn.execute("DELETE FROM story_search WHERE rowid = ?", (story_id,))


def fts_query(text: str) -> str:
    """An FTS5 query for what a reader typed: every word must match, the last as a prefix.

    Words are quoted, so FTS5 operators and punctuation in the input mean nothing.

    Args:
        text: the reader's query.

    Returns:
        The MATCH expression, or "" when the text holds no word.
    """
    words = _WORD.findall(clean_text(text, limit=500))[:MAX_QUERY_WORDS]
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
    """Stories matching ``text``, best first (BM25, headline weighted highest).

    Args:
        store: the store; one without a search table gives no hits.
        text: the reader's query, any text.
        limit: most hits.
        offset: hits to skip, for paging.

    Returns:
        The hits, each with a snippet of the best matching field.
    """
    conn = _connection(store)
    query = fts_query(text)
    if conn is None or not query:
        return []
    rows = conn.execute(
        "SELECT rowid, version, headline, "
        f"snippet(story_search, -1, '{_OPEN}', '{_CLOSE}', ' … ', 24) AS snip "
        "FROM story_search WHERE story_search MATCH ? "
        "ORDER BY bm25(story_search, 10.0, 4.0, 1.0), rowid DESC LIMIT ? OFFSET ?",
        (query, max(1, min(limit, 100)), max(0, offset)),
    ).fetchall()
    return [
        SearchHit(
            story_id=int(r[0]),
            version=int(r[1]),
            headline=clean_text(r[2], limit=500),
            snippet=_split_snippet(r[3] or ""),
        )
        for r in rows
    ]
