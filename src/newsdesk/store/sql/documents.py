"""``DocumentStore`` in SQL: raw documents, the articles extracted from them, duplicates."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime

from newsdesk.errors import StoreError
from newsdesk.models import Article, RawDocument
from newsdesk.store.rows import (
    ARTICLE_COLUMNS,
    article_of,
    article_values,
    chunks,
    marks,
    now_iso,
    raw_document_of,
    to_iso,
)
from newsdesk.store.sql.core import RELEASE, UNCHANGED, SQLCore

_RAW_COLUMNS = (
    "source_id, url, final_url, status, headers, body, content_type, content_hash, "
    "fetched_at, feed_title, feed_summary, feed_published, feed_categories"
)
_ARTICLE_SET = (
    "source_id = ?, url = ?, title = ?, paragraphs = ?, published_at = ?, updated_at = ?, "
    "authors = ?, site_name = ?, language = ?, summary = ?, kind = ?"
)


class DocumentsSQL(SQLCore):
    """Raw documents by key, articles by raw document, and dedupe decisions."""

    def add_raw(self, doc: RawDocument) -> tuple[int, bool]:
        digest = hashlib.sha256(doc.body).hexdigest()
        values = (
            doc.source_id,
            doc.url,
            doc.final_url,
            doc.status,
            json.dumps(doc.headers),
            doc.body,
            doc.content_type,
            digest,
            to_iso(doc.fetched_at),
            doc.feed_title,
            doc.feed_summary,
            to_iso(doc.feed_published),
            json.dumps(list(doc.feed_categories)),
        )
        find = "SELECT id, content_hash FROM raw_documents WHERE key = ?"
        with self.transaction():
            rows = self._rows(find, (doc.key,))
            if not rows:
                # Another worker may store the same key meanwhile: then theirs stands.
                inserted = self._scalar(
                    f"INSERT INTO raw_documents ({_RAW_COLUMNS}, key) VALUES ({marks(14)}) "
                    "ON CONFLICT(key) DO NOTHING RETURNING id",
                    (*values, doc.key),
                )
                if inserted is not None:
                    return int(inserted), True
                rows = self._rows(find, (doc.key,))
            row = rows[0]
            if row["content_hash"] == digest:
                return int(row["id"]), False
            # Same key, new content (an updated article): keep the newest, extract again.
            assignments = ", ".join(f"{c.strip()} = ?" for c in _RAW_COLUMNS.split(","))
            self.conn.execute(
                f"UPDATE raw_documents SET {assignments}, extracted_at = NULL, "
                "extract_error = NULL, pruned_at = NULL, revision = revision + 1 WHERE id = ?",
                (*values, row["id"]),
            )
            return int(row["id"]), True

    def has_raw(self, key: str) -> bool:
        return bool(self._rows("SELECT 1 FROM raw_documents WHERE key = ?", (key,)))

    def known_raw(self, keys: Sequence[str]) -> set[str]:
        rows = self._rows_in("SELECT key FROM raw_documents WHERE key IN ({ids})", keys)
        return {str(r["key"]) for r in rows}

    def raw_with_articles(self, raw_ids: Sequence[int]) -> set[int]:
        rows = self._rows_in("SELECT raw_id FROM articles WHERE raw_id IN ({ids})", raw_ids)
        return {int(r["raw_id"]) for r in rows}

    def pending_raw(self, limit: int = 500) -> list[RawDocument]:
        rows = self._rows(
            "SELECT * FROM raw_documents WHERE extracted_at IS NULL ORDER BY id LIMIT ?", (limit,)
        )
        return [raw_document_of(r) for r in rows]

    def mark_extracted(self, raw_id: int, error: str | None = None) -> None:
        # A document whose content changed while a worker held its claim stays pending.
        with self.transaction():
            self.conn.execute(
                "UPDATE raw_documents SET "
                f"extracted_at = CASE WHEN {UNCHANGED} THEN ? ELSE NULL END, "
                f"extract_error = CASE WHEN {UNCHANGED} THEN ? ELSE NULL END, "
                f"{RELEASE} WHERE id = ?",
                (now_iso(), error, raw_id),
            )

    def save_article(self, article: Article) -> int:
        if article.raw_id is None:
            raise StoreError("an article must come from a stored raw document")
        values = article_values(article)
        with self.transaction():
            found = self._scalar("SELECT id FROM articles WHERE raw_id = ?", (article.raw_id,))
            if found is None:
                return int(
                    self._scalar(
                        "INSERT INTO articles (source_id, url, title, paragraphs, published_at, "
                        "updated_at, authors, site_name, language, summary, kind, raw_id, "
                        f"created_at) VALUES ({marks(13)}) RETURNING id",
                        (*values, article.raw_id, now_iso()),
                    )
                )
            # An updated article keeps its id and story; its story is written again.
            self.conn.execute(f"UPDATE articles SET {_ARTICLE_SET} WHERE id = ?", (*values, found))
            self.conn.execute(
                "UPDATE stories SET needs_writing = 1, revision = revision + 1 WHERE id = "
                "(SELECT story_id FROM story_articles WHERE article_id = ?)",
                (found,),
            )
            return int(found)

    def article_by_url(self, url: str) -> Article | None:
        rows = self._articles("WHERE url = ? LIMIT 1", (url,))
        return rows[0] if rows else None

    def articles(self, ids: Sequence[int]) -> list[Article]:
        by_id: dict[int, Article] = {}
        for part in chunks(list(ids)):
            for found in self._articles(f"WHERE id IN ({marks(len(part))})", part):
                by_id[found.id or 0] = found
        return [by_id[i] for i in ids if i in by_id]

    def pending_dedupe(self) -> list[Article]:
        return self._articles("WHERE deduped_at IS NULL ORDER BY id")

    def recent_articles(self, since: datetime | None, limit: int = 20000) -> list[Article]:
        """Already deduplicated articles published (or stored) since ``since``, oldest first."""
        newest_first = self._articles(
            "WHERE deduped_at IS NOT NULL AND COALESCE(published_at, created_at) >= ? "
            "ORDER BY id DESC LIMIT ?",
            (to_iso(since) if since else "", limit),
        )
        return newest_first[::-1]

    def mark_duplicate(self, article_id: int, duplicate_of: int | None) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM duplicates WHERE article_id = ?", (article_id,))
            if duplicate_of is not None:
                self.conn.execute(
                    "INSERT INTO duplicates (article_id, duplicate_of) VALUES (?, ?)",
                    (article_id, duplicate_of),
                )
            self.conn.execute(
                "UPDATE articles SET deduped_at = ? WHERE id = ?", (now_iso(), article_id)
            )

    def duplicate_of(self, article_id: int) -> int | None:
        found = self._scalar(
            "SELECT duplicate_of FROM duplicates WHERE article_id = ?", (article_id,)
        )
        return None if found is None else int(found)

    def duplicates_of(self, article_ids: Sequence[int]) -> dict[int, int]:
        rows = self._rows_in(
            "SELECT article_id, duplicate_of FROM duplicates WHERE article_id IN ({ids})",
            article_ids,
        )
        return {int(r["article_id"]): int(r["duplicate_of"]) for r in rows}

    def pending_cluster(self) -> list[Article]:
        return self._articles(
            "WHERE deduped_at IS NOT NULL AND clustered_at IS NULL "
            "ORDER BY COALESCE(published_at, created_at), id"
        )

    def _articles(self, where: str, params: Sequence[object] = ()) -> list[Article]:
        rows = self._rows(f"SELECT {ARTICLE_COLUMNS} FROM articles {where}", params)
        return [article_of(r) for r in rows]
