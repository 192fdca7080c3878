"""``CacheStore`` in SQL: embeddings, robots.txt, watch times, LLM replies, stage state, and
the cluster stage's open window."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from newsdesk.errors import StoreError
from newsdesk.models import ClusterWindowRows, MemberRow, RetiredRow, StoryRow
from newsdesk.store.base import CachedRobots
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

    def llm_reply(self, key: str) -> str | None:
        found = self._scalar("SELECT reply FROM llm_replies WHERE key = ?", (key,))
        return None if found is None else str(found)

    def save_llm_reply(self, key: str, reply: str) -> None:
        self._upsert("llm_replies", "key", ("key", "reply", "created_at"), (key, reply, now_iso()))

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


def _bytes_or_none(value: bytes | memoryview | None) -> bytes | None:
    return None if value is None else bytes(value)
