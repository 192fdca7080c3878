"""``CacheStore`` in SQL: embeddings, robots.txt, watch times, LLM replies and model
retries, stage state, and the cluster stage's open window."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from newsdesk.errors import StoreError
from newsdesk.models import ClusterWindowRows, MemberRow, RetiredRow, StoryRow
from newsdesk.store.records import CachedRobots, ModelRetry
from newsdesk.store.rows import chunks, from_iso, marks, now_iso, to_iso
from newsdesk.store.sql.core import SQLCore


class CachesSQL(SQLCore):
    """One typed table per kind of thing a stage keeps between runs."""

    def embeddings(self, model: str, article_ids: Sequence[int]) -> dict[int, bytes]:
        found: dict[int, bytes] = {}
        for part in chunks(list(article_ids)):
            for r in self._rows(
                "SELECT article_id, vector FROM article_embeddings "
                f"WHERE model = ? AND article_id IN ({marks(len(part))})",
                (model, *part),
            ):
                found[int(r[0])] = bytes(r[1])
        return found

    def save_embeddings(self, model: str, vectors: Mapping[int, bytes]) -> None:
        with self.transaction():
            for article_id, vector in vectors.items():
                self._upsert(
                    "article_embeddings",
                    "article_id, model",
                    ("article_id", "model", "vector"),
                    (article_id, model, vector),
                )

    def robots_cache(self, origin: str) -> CachedRobots | None:
        rows = self._rows(
            "SELECT verdict, body, fetched_at FROM robots_cache WHERE origin = ?", (origin,)
        )
        if not rows:
            return None
        fetched_at = from_iso(rows[0]["fetched_at"])
        assert fetched_at is not None  # NOT NULL column
        return CachedRobots(rows[0]["verdict"], rows[0]["body"], fetched_at)

    def save_robots_cache(self, origin: str, robots: CachedRobots) -> None:
        self._upsert(
            "robots_cache",
            "origin",
            ("origin", "verdict", "body", "fetched_at"),
            (origin, robots.verdict, robots.body, to_iso(robots.fetched_at)),
        )

    def last_read(self, source_url: str) -> datetime | None:
        return from_iso(
            self._scalar("SELECT read_at FROM source_reads WHERE source_url = ?", (source_url,))
        )

    def save_last_read(self, source_url: str, at: datetime) -> None:
        self._upsert(
            "source_reads", "source_url", ("source_url", "read_at"), (source_url, to_iso(at))
        )

    def llm_reply(self, key: str, newer_than: datetime | None = None) -> str | None:
        found = self._scalar(
            "SELECT reply FROM llm_replies WHERE key = ? AND created_at > ?",
            (key, to_iso(newer_than) or ""),
        )
        return None if found is None else str(found)

    def save_llm_reply(
        self, key: str, reply: str, model: str = "", prompt_version: str = ""
    ) -> None:
        self._upsert(
            "llm_replies",
            "key",
            ("key", "reply", "created_at", "model", "prompt_version"),
            (key, reply, now_iso(), model, prompt_version),
        )

    def forget_llm_reply(self, key: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM llm_replies WHERE key = ?", (key,))

    def prune_llm_replies(
        self, keep: int, older_than: datetime | None = None, prompt_version: str | None = None
    ) -> int:
        removed = 0
        with self.transaction():
            if older_than is not None:
                removed += self._deleted(
                    "DELETE FROM llm_replies WHERE created_at <= ?", (to_iso(older_than),)
                )
            if prompt_version is not None:
                removed += self._deleted(
                    "DELETE FROM llm_replies WHERE prompt_version != ?", (prompt_version,)
                )
            removed += self._deleted(
                "DELETE FROM llm_replies WHERE key NOT IN (SELECT key FROM llm_replies "
                "ORDER BY created_at DESC, key LIMIT ?)",
                (max(0, keep),),
            )
        return removed

    def queue_model_retry(
        self, story_id: int, next_attempt_at: datetime, reason: str, attempts: int
    ) -> None:
        self._upsert(
            "model_retries",
            "story_id",
            ("story_id", "attempts", "next_attempt_at", "reason", "queued_at"),
            (story_id, attempts, to_iso(next_attempt_at), reason, now_iso()),
        )

    def model_retry(self, story_id: int) -> ModelRetry | None:
        rows = self._rows("SELECT * FROM model_retries WHERE story_id = ?", (story_id,))
        return _retry_of(rows[0]) if rows else None

    def drop_model_retry(self, story_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM model_retries WHERE story_id = ?", (story_id,))

    def model_retries(self) -> list[ModelRetry]:
        rows = self._rows("SELECT * FROM model_retries ORDER BY next_attempt_at, story_id")
        return [_retry_of(r) for r in rows]

    def mark_model_retries_due(self, now: datetime) -> list[int]:
        due = (
            "SELECT r.story_id FROM model_retries r JOIN stories s ON s.id = r.story_id "
            "WHERE r.next_attempt_at <= ? AND s.merged_into IS NULL"
        )
        iso = to_iso(now)
        with self.transaction():
            # A story another transaction holds (a cluster batch) stays due in the queue
            # and is marked by the next run: waiting for it could deadlock (store.md).
            ids = sorted(self._hold_rows("stories", [r[0] for r in self._rows(due, (iso,))]))
            for part in chunks(ids):
                self.conn.execute(
                    f"UPDATE stories SET needs_writing = 1 WHERE id IN ({marks(len(part))})",
                    tuple(part),
                )
        return ids

    def _deleted(self, sql: str, params: Sequence[Any]) -> int:
        cursor = self.conn.execute(sql, params)
        return max(0, int(getattr(cursor, "rowcount", 0) or 0))

    def outlet_boilerplate(self) -> str | None:
        return self._stage_state("outlet_boilerplate")

    def update_outlet_boilerplate(self, change: Callable[[str | None], str]) -> str:
        # Workers extracting in parallel each add their counts: the row stays locked from
        # this read to the write, so no worker's addition is lost (SQLite: one writer).
        with self.transaction():
            self.conn.execute(
                "INSERT INTO stage_state (name) VALUES ('outlet_boilerplate') "
                "ON CONFLICT(name) DO NOTHING"
            )
            current = self._scalar(
                f"SELECT value FROM stage_state WHERE name = 'outlet_boilerplate'{self.lock_row}"
            )
            value = change(current)
            self._save_stage_state("outlet_boilerplate", value)
        return value

    def cluster_watch_lists(self) -> dict[int, list[int]]:
        saved = self._stage_state("cluster_watch_lists")
        lists = json.loads(saved) if saved else {}
        return {int(k): [int(i) for i in v] for k, v in lists.items()}

    def save_cluster_watch_lists(self, lists: Mapping[int, Sequence[int]]) -> None:
        value = json.dumps({str(k): list(v) for k, v in lists.items()})
        self._save_stage_state("cluster_watch_lists", value)

    def cluster_window(self) -> ClusterWindowRows:
        clock = self._scalar("SELECT value FROM cluster_clock WHERE id = 1")
        if clock is None:
            return ClusterWindowRows()
        stories = {
            int(r[0]): StoryRow(
                str(r[1]), str(r[2]), bytes(r[3]), None if r[4] is None else bytes(r[4])
            )
            for r in self._rows(
                "SELECT story_id, value, terms, weights, dense FROM cluster_stories"
            )
        }
        members = {
            int(r[0]): MemberRow(int(r[1]), int(r[2]), str(r[3]), str(r[4]), bytes(r[5]))
            for r in self._rows(
                "SELECT article_id, story_id, seq, value, terms, weights FROM cluster_members"
            )
        }
        retired = {
            int(r[0]): RetiredRow(int(r[1]), str(r[2]))
            for r in self._rows("SELECT article_id, seq, terms FROM cluster_retired")
        }
        return ClusterWindowRows(str(clock), stories, members, retired=retired)

    def save_cluster_window(self, change: ClusterWindowRows) -> None:
        if change.clock is None:
            raise StoreError("a change of the cluster window needs its clock")
        with self.transaction():
            for part in chunks(list(change.gone_members)):
                self.conn.execute(
                    f"DELETE FROM cluster_members WHERE article_id IN ({marks(len(part))})", part
                )
            for part in chunks(list(change.gone_stories)):
                self.conn.execute(
                    f"DELETE FROM cluster_stories WHERE story_id IN ({marks(len(part))})", part
                )
            self._upsert("cluster_clock", "id", ("id", "value"), (1, change.clock))
            for story_id, story in change.stories.items():
                self._upsert(
                    "cluster_stories",
                    "story_id",
                    ("story_id", "value", "terms", "weights", "dense"),
                    (story_id, story.value, story.terms, story.weights, story.dense),
                )
            for article_id, m in change.members.items():
                self._upsert(
                    "cluster_members",
                    "article_id",
                    ("article_id", "story_id", "seq", "value", "terms", "weights"),
                    (article_id, m.story_id, m.seq, m.value, m.terms, m.weights),
                )
            for article_id, story_id in change.moved.items():
                self.conn.execute(
                    "UPDATE cluster_members SET story_id = ? WHERE article_id = ?",
                    (story_id, article_id),
                )
            for part in chunks(list(change.gone_retired)):
                self.conn.execute(
                    f"DELETE FROM cluster_retired WHERE article_id IN ({marks(len(part))})", part
                )
            for article_id, r in change.retired.items():
                self._upsert(
                    "cluster_retired",
                    "article_id",
                    ("article_id", "seq", "terms"),
                    (article_id, r.rank, r.terms),
                )

    def _stage_state(self, name: str) -> str | None:
        found = self._scalar("SELECT value FROM stage_state WHERE name = ?", (name,))
        return None if found is None else str(found)

    def _save_stage_state(self, name: str, value: str) -> None:
        self._upsert(
            "stage_state", "name", ("name", "value", "updated_at"), (name, value, now_iso())
        )


def _retry_of(r: Any) -> ModelRetry:
    at = from_iso(r["next_attempt_at"])
    assert at is not None  # NOT NULL column
    return ModelRetry(int(r["story_id"]), int(r["attempts"]), at, str(r["reason"]))
