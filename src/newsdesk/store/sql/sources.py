"""``SourceStore`` in SQL: sources, fetch state (validators, moves) and source health."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from newsdesk.models import FetchState, Leaning, Source, SourceHealth
from newsdesk.store.rows import fetch_state_of, now_iso, source_health_of, source_of, to_iso
from newsdesk.store.sql.core import SQLCore

_FETCH_STATE = ("url", "etag", "last_modified", "permanent_url", "status", "fetched_at")
_HEALTH = (
    "source_id",
    "last_attempt",
    "last_success",
    "last_error",
    "last_error_detail",
    "last_error_at",
    "next_attempt",
    "failures",
)


class SourcesSQL(SQLCore):
    """Sources: those of the config (upserted by each run) and those the CLI manages."""

    def upsert_source(self, source: Source) -> int:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO sources (url, kind, name, interval_minutes, leaning, article_kind, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "kind = excluded.kind, name = excluded.name, "
                "interval_minutes = excluded.interval_minutes, leaning = excluded.leaning, "
                "article_kind = excluded.article_kind",
                (
                    source.url,
                    source.kind.value,
                    source.name,
                    source.interval_minutes,
                    None if source.leaning is None else source.leaning.value,
                    None if source.article_kind is None else source.article_kind.value,
                    now_iso(),
                ),
            )
            return int(self._scalar("SELECT id FROM sources WHERE url = ?", (source.url,)))

    def list_sources(self) -> list[Source]:
        return [source_of(r) for r in self._rows("SELECT * FROM sources ORDER BY id")]

    def add_source(self, source: Source) -> int:
        with self.transaction():
            source_id = self.upsert_source(source)
            self.conn.execute("UPDATE sources SET origin = 'cli' WHERE id = ?", (source_id,))
        return source_id

    def managed_sources(self) -> list[Source]:
        rows = self._rows("SELECT * FROM sources WHERE origin = 'cli' ORDER BY id")
        return [source_of(r) for r in rows]

    def remove_source(self, url: str) -> bool:
        with self.transaction():
            cur = self.conn.execute("DELETE FROM sources WHERE url = ?", (url,))
            return bool(cur.rowcount)

    def retire_source(self, source_id: int, at: datetime) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE sources SET retired_at = ? WHERE id = ?", (to_iso(at), source_id)
            )

    def save_outlet_ratings(self, ratings: Mapping[str, tuple[str, Leaning]]) -> None:
        with self.transaction():
            for key, (outlet, leaning) in ratings.items():
                self._upsert(
                    "outlet_ratings",
                    "key",
                    ("key", "outlet", "leaning", "rated_at"),
                    (key, outlet, leaning.value, now_iso()),
                )

    def outlet_ratings(self) -> dict[str, Leaning]:
        rows = self._rows("SELECT key, leaning FROM outlet_ratings ORDER BY key")
        return {str(r["key"]): Leaning(r["leaning"]) for r in rows}

    def fetch_state(self, url: str) -> FetchState | None:
        rows = self._rows("SELECT * FROM fetch_state WHERE url = ?", (url,))
        return fetch_state_of(rows[0]) if rows else None

    def save_fetch_state(self, state: FetchState) -> None:
        values = (state.etag, state.last_modified, state.permanent_url, state.status)
        self._upsert(
            "fetch_state", "url", _FETCH_STATE, (state.url, *values, to_iso(state.fetched_at))
        )

    def source_health(self, source_id: int) -> SourceHealth:
        rows = self._rows(
            "SELECT s.retired_at AS retired_at, h.* FROM sources s "
            "LEFT JOIN source_health h ON h.source_id = s.id WHERE s.id = ?",
            (source_id,),
        )
        return source_health_of(source_id, rows[0]) if rows else SourceHealth(source_id)

    def save_source_health(self, health: SourceHealth) -> None:
        stamps = [to_iso(health.last_attempt), to_iso(health.last_success)]
        error = [health.last_error, health.last_error_detail[:2000], to_iso(health.last_error_at)]
        values = (health.source_id, *stamps, *error, to_iso(health.next_attempt), health.failures)
        self._upsert("source_health", "source_id", _HEALTH, values)
