"""``RunStore`` in SQL: run history, work claims and stage leases, counts and checks."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from newsdesk.models import RawDocument, RunReport
from newsdesk.store.base import DEFAULT_LEASE
from newsdesk.store.rows import (
    chunks,
    draft_from_json,
    marks,
    now_iso,
    raw_document_of,
    run_of,
    to_iso,
)
from newsdesk.store.sql.core import RELEASE, SQLCore
from newsdesk.store.sql.stories import TO_PUBLISH, WRITABLE

# Everything inconsistent that a query can count.
_CHECKS = {
    "raw documents marked extracted with no article and no reason": (
        "SELECT COUNT(*) FROM raw_documents r WHERE r.extracted_at IS NOT NULL "
        "AND r.extract_error IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.raw_id = r.id)"
    ),
    "clustered articles in no story": (
        "SELECT COUNT(*) FROM articles a WHERE a.clustered_at IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id)"
    ),
    "articles in a story that was merged away": (
        "SELECT COUNT(*) FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
        "WHERE s.merged_into IS NOT NULL"
    ),
    "merge redirects to a story that was itself merged": (
        "SELECT COUNT(*) FROM stories s JOIN stories t ON t.id = s.merged_into "
        "WHERE t.merged_into IS NOT NULL"
    ),
    "duplicates of articles that are themselves duplicates": (
        "SELECT COUNT(*) FROM duplicates d JOIN duplicates e ON e.article_id = d.duplicate_of"
    ),
    "articles in the cluster window under another story than their own": (
        "SELECT COUNT(*) FROM cluster_members cm "
        "LEFT JOIN story_articles sa ON sa.article_id = cm.article_id "
        "WHERE sa.story_id IS NULL OR sa.story_id != cm.story_id"
    ),
    "articles in the cluster window whose story is not in it": (
        "SELECT COUNT(*) FROM cluster_members cm WHERE NOT EXISTS "
        "(SELECT 1 FROM cluster_stories cs WHERE cs.story_id = cm.story_id)"
    ),
    "stories in the cluster window that were merged away": (
        "SELECT COUNT(*) FROM cluster_stories cs JOIN stories s ON s.id = cs.story_id "
        "WHERE s.merged_into IS NOT NULL"
    ),
    "articles of a story in the cluster window missing from it": (
        "SELECT COUNT(*) FROM story_articles sa "
        "JOIN cluster_stories cs ON cs.story_id = sa.story_id "
        "LEFT JOIN duplicates d ON d.article_id = sa.article_id "
        "WHERE d.article_id IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM cluster_members cm WHERE cm.article_id = sa.article_id)"
    ),
    "stories with versions but no articles": (
        "SELECT COUNT(*) FROM stories s WHERE s.merged_into IS NULL "
        "AND EXISTS (SELECT 1 FROM story_versions v WHERE v.story_id = s.id) "
        "AND NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)"
    ),
}
_QUEUES = {
    "extract": "SELECT COUNT(*) FROM raw_documents WHERE extracted_at IS NULL",
    "dedupe": "SELECT COUNT(*) FROM articles WHERE deduped_at IS NULL",
    "cluster": "SELECT COUNT(*) FROM articles WHERE deduped_at IS NOT NULL "
    "AND clustered_at IS NULL",
    "write": f"SELECT COUNT(*) FROM stories WHERE {WRITABLE}",
    "publish": f"SELECT COUNT(*) FROM stories s WHERE {TO_PUBLISH}",
}
_COUNTED = (
    "sources",
    "raw_documents",
    "articles",
    "duplicates",
    "stories",
    "story_articles",
    "story_versions",
    "runs",
)


class RunsSQL(SQLCore):
    """Runs and their skipped items; claims and leases that let workers share the store."""

    def start_run(self, report: RunReport) -> int:
        with self.transaction():
            report.id = int(
                self._scalar(
                    "INSERT INTO runs (started_at) VALUES (?) RETURNING id",
                    (to_iso(report.started_at),),
                )
            )
        return report.id

    def finish_run(self, report: RunReport) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished_at = ?, counts = ?, errors = ?, timings = ? WHERE id = ?",
                (
                    to_iso(report.finished_at),
                    json.dumps(report.counts),
                    json.dumps(report.errors),
                    json.dumps(report.timings),
                    report.id,
                ),
            )

    def record_item_error(
        self, run_id: int | None, stage: str, item: str, reason: str, detail: str = ""
    ) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO item_errors (run_id, stage, item, reason, detail, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, stage, item, reason, detail[:2000], now_iso()),
            )

    def runs(self, limit: int = 20) -> list[RunReport]:
        return [
            run_of(r) for r in self._rows("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        ]

    # -- work claiming ------------------------------------------------------------
    def claim_raw(
        self, worker: str, limit: int = 200, lease: timedelta = DEFAULT_LEASE
    ) -> list[RawDocument]:
        """Claim up to ``limit`` documents to extract, oldest first, until ``lease`` ends.

        ``worker`` is a name unique among the workers sharing the store; when the lease
        ends another worker may take the item. ``mark_extracted`` releases each.
        """
        rows = self._claim("raw_documents", "extracted_at IS NULL", worker, limit, lease)
        return [raw_document_of(r) for r in rows]

    def claim_stories(
        self, worker: str, limit: int = 50, lease: timedelta = DEFAULT_LEASE
    ) -> list[int]:
        """Claim up to ``limit`` stories to write (their ids, lowest first), as ``claim_raw``.

        ``save_version`` or ``skip_writing`` releases each; a story that gained articles
        meanwhile stays marked for writing.
        """
        return [int(r["id"]) for r in self._claim("stories", WRITABLE, worker, limit, lease)]

    def _claim(
        self, table: str, pending: str, worker: str, limit: int, lease: timedelta
    ) -> list[Any]:
        """Claim the oldest pending rows of ``table`` that no live claim holds.

        A claim lives until its lease ends or, where the engine tracks sessions, until the
        database session of the worker that took it ends (a crashed worker's claims are
        free at once). Rows that another worker is claiming at this moment are skipped
        where the engine can (``skip_locked``); SQLite has one writer at a time anyway.
        """
        clock = self._lease_clock(lease)
        session = self._worker_session()
        free = (
            f"claim_expires IS NULL OR claim_expires < {clock.now} "
            f"OR {self._session_gone('claimed_session')}"
        )
        with self.transaction():
            rows = self._rows(
                f"SELECT * FROM {table} WHERE {pending} AND ({free}) "
                f"ORDER BY id LIMIT ?{self.skip_locked}",
                (*clock.now_args, limit),
            )
            for part in chunks([int(r["id"]) for r in rows]):
                self.conn.execute(
                    f"UPDATE {table} SET claimed_by = ?, claim_expires = {clock.until}, "
                    f"claimed_revision = revision, claimed_session = ? "
                    f"WHERE id IN ({marks(len(part))})",
                    (worker, *clock.until_args, session, *part),
                )
        return rows

    def release_claims(self, worker: str) -> int:
        """Give back every item and lease ``worker`` holds (on shutdown); returns how many.

        The rows no other transaction holds go at once; each of the others (a cluster
        batch adding to a claimed story) then in a transaction of its own, which waits
        for that one while holding nothing else, so it is in no cycle (a deadlock).
        """
        released = 0
        for table in ("raw_documents", "stories"):
            with self.transaction():
                cur = self.conn.execute(
                    f"UPDATE {table} SET {RELEASE} WHERE id IN (SELECT id FROM {table} "
                    f"WHERE claimed_by = ?{self.skip_locked})",
                    (worker,),
                )
                released += int(cur.rowcount)
            busy = self._rows(f"SELECT id FROM {table} WHERE claimed_by = ?", (worker,))
            for row in busy:
                with self.transaction():
                    cur = self.conn.execute(
                        f"UPDATE {table} SET {RELEASE} WHERE id = ? AND claimed_by = ?",
                        (int(row[0]), worker),
                    )
                    released += int(cur.rowcount)
        with self.transaction():
            cur = self.conn.execute("DELETE FROM leases WHERE holder = ?", (worker,))
            return released + int(cur.rowcount)

    def acquire_lease(self, name: str, worker: str, lease: timedelta = DEFAULT_LEASE) -> bool:
        """Take or renew the stage-wide lease ``name`` (e.g. "cluster") for ``worker``.

        Another worker's lease is taken over when it has run out or, as with claims, when
        the session of the worker that held it has ended.

        Args:
            name: the lease, one per stage that must run in one worker at a time.
            worker: the worker asking.
            lease: how long it holds unless renewed.

        Returns:
            True when ``worker`` holds the lease now.
        """
        clock = self._lease_clock(lease)
        session = self._worker_session()
        with self.transaction():
            self.conn.execute(
                "INSERT INTO leases (name, holder, expires_at, holder_session) "
                f"VALUES (?, ?, {clock.until}, ?) "
                "ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at, holder_session = excluded.holder_session "
                f"WHERE leases.holder = excluded.holder OR leases.expires_at < {clock.now} "
                f"OR {self._session_gone('leases.holder_session')}",
                (name, worker, *clock.until_args, session, *clock.now_args),
            )
            holder = self._scalar("SELECT holder FROM leases WHERE name = ?", (name,))
        return bool(holder == worker)

    def release_lease(self, name: str, worker: str) -> None:
        """Give back the lease ``name`` if ``worker`` holds it."""
        with self.transaction():
            self.conn.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, worker))

    # -- counts and checks ----------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """Everything inconsistent in the store, one line each; empty when all is well."""
        problems = self._engine_problems()
        for label, sql in _CHECKS.items():
            n = int(self._scalar(sql))
            if n:
                problems.append(f"{n} {label}")
        for version in self._rows(
            "SELECT story_id, version, draft, article_ids FROM story_versions"
        ):
            cited = {i for s in draft_from_json(version["draft"]).sentences() for i in s.sources}
            missing = cited - set(json.loads(version["article_ids"]))
            if missing:
                problems.append(
                    f"story {version['story_id']} version {version['version']} cites "
                    f"articles it does not list: {sorted(missing)}"
                )
        return problems

    def queue_depths(self) -> dict[str, int]:
        """How much work waits for each stage."""
        return {stage: int(self._scalar(sql)) for stage, sql in _QUEUES.items()}

    def counts(self) -> dict[str, int]:
        result = {t: int(self._scalar(f"SELECT COUNT(*) FROM {t}")) for t in _COUNTED}
        result["stories"] = int(
            self._scalar("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL")
        )
        return result
