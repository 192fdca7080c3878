"""``RetentionStore`` in SQL: dropping raw bodies and in-between story versions."""

from __future__ import annotations

from datetime import datetime

from newsdesk.store.rows import marks, now_iso, to_iso
from newsdesk.store.sql.core import SQLCore

# Versions that no reader of the store needs to keep: neither a story's first (its
# publication date and first headline), nor its latest (what is written next builds on
# it), nor its published one (what its page shows).
_PRUNABLE_VERSIONS = (
    "SELECT v.story_id, v.version FROM story_versions v JOIN stories s ON s.id = v.story_id "
    "WHERE v.created_at < ? AND v.version != s.published_version "
    "AND v.version > (SELECT MIN(f.version) FROM story_versions f WHERE f.story_id = v.story_id) "
    "AND v.version < (SELECT MAX(l.version) FROM story_versions l WHERE l.story_id = v.story_id) "
    "ORDER BY v.story_id, v.version LIMIT ?"
)


class RetentionSQL(SQLCore):
    """What retention removes, a batch at a time, each batch in one transaction."""

    def prune_raw_bodies(self, before: datetime, limit: int = 500) -> int:
        """Empty the bodies of up to ``limit`` extracted documents fetched before ``before``."""
        prunable = "pruned_at IS NULL AND extracted_at IS NOT NULL AND fetched_at < ?"
        ids = [
            int(r["id"])
            for r in self._rows(
                f"SELECT id FROM raw_documents WHERE {prunable} ORDER BY id LIMIT ?",
                (to_iso(before), limit),
            )
        ]
        if not ids:
            return 0
        with self.transaction():
            cur = self.conn.execute(
                f"UPDATE raw_documents SET body = ?, pruned_at = ? "
                f"WHERE id IN ({marks(len(ids))}) AND {prunable}",
                (b"", now_iso(), *ids, to_iso(before)),
            )
            return int(cur.rowcount)

    def prune_versions(self, before: datetime, limit: int = 500) -> int:
        """Delete up to ``limit`` in-between versions created before ``before``."""
        found = [
            (int(r["story_id"]), int(r["version"]))
            for r in self._rows(_PRUNABLE_VERSIONS, (to_iso(before), limit))
        ]
        with self.transaction():
            # A story another transaction holds (a cluster batch) keeps its versions until
            # the next run: waiting for it could deadlock (docs/decisions/store.md).
            held = self._hold_rows("stories", [story_id for story_id, _ in found])
            found = [(story_id, version) for story_id, version in found if story_id in held]
            for story_id, version in found:
                self.conn.execute(
                    "DELETE FROM story_versions WHERE story_id = ? AND version = ?",
                    (story_id, version),
                )
            # A page lists its story's versions: publish it again. A story whose page
            # shows an older version than its latest is on the way to publishing anyway,
            # and its shown version stays protected until then.
            for story_id in sorted({story_id for story_id, _ in found}):
                self.conn.execute(
                    "UPDATE stories SET published_version = 0 WHERE id = ? AND published_version "
                    "= (SELECT MAX(version) FROM story_versions WHERE story_id = ?)",
                    (story_id, story_id),
                )
        return len(found)
