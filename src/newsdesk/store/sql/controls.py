"""``ControlStore`` in SQL: the operator's notes and story statuses, blocked sources."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsdesk.models import NoteKind, StoryNote, StoryStatus, StoryVersion
from newsdesk.store.records import BlockedSource
from newsdesk.store.rows import (
    INSERT_VERSION,
    chunks,
    from_iso,
    marks,
    to_iso,
    version_values,
)
from newsdesk.store.sql.core import SQLCore


def _note_of(r: Any) -> StoryNote:
    return StoryNote(
        story_id=int(r["story_id"]),
        kind=NoteKind(r["kind"]),
        note=r["note"],
        version=int(r["version"]),
        created_at=from_iso(r["created_at"]) or datetime.now(UTC),
    )


class ControlsSQL(SQLCore):
    """A note and a status change commit together with the version they come with."""

    def add_story_note(
        self, note: StoryNote, status: StoryStatus, version: StoryVersion | None = None
    ) -> None:
        with self.transaction():
            if version is not None:
                # Not through save_version: the operator's version leaves the story's
                # writing marks and claims as they are, and keeps the coverage it copies.
                coverage = self._scalar(
                    "SELECT coverage FROM story_versions WHERE story_id = ? AND version = "
                    "(SELECT MAX(version) FROM story_versions WHERE story_id = ?)",
                    (version.story_id, version.story_id),
                )
                self.conn.execute(INSERT_VERSION, version_values(version, coverage))
            self.conn.execute(
                "INSERT INTO story_notes (story_id, kind, note, version, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (note.story_id, note.kind.value, note.note, note.version, to_iso(note.created_at)),
            )
            # Published again whatever changed: the page, listings and feeds show the note.
            self.conn.execute(
                "UPDATE stories SET status = ?, published_version = 0 WHERE id = ?",
                (status.value, note.story_id),
            )

    def story_notes(self, story_ids: Sequence[int]) -> dict[int, list[StoryNote]]:
        found: dict[int, list[StoryNote]] = {}
        for part in chunks(list(story_ids)):
            for r in self._rows(
                f"SELECT * FROM story_notes WHERE story_id IN ({marks(len(part))}) "
                "ORDER BY story_id, id",
                tuple(part),
            ):
                found.setdefault(int(r["story_id"]), []).append(_note_of(r))
        return found

    def notes_since(self, since: datetime) -> list[StoryNote]:
        rows = self._rows(
            "SELECT * FROM story_notes WHERE created_at >= ? ORDER BY id", (to_iso(since),)
        )
        return [_note_of(r) for r in rows]

    def block_source(self, url: str, note: str, at: datetime) -> bool:
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE sources SET blocked_at = ?, blocked_note = ? WHERE url = ?",
                (to_iso(at), note, url),
            )
            return bool(cur.rowcount)

    def unblock_source(self, url: str) -> bool:
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE sources SET blocked_at = NULL, blocked_note = '' "
                "WHERE url = ? AND blocked_at IS NOT NULL",
                (url,),
            )
            return bool(cur.rowcount)

    def blocked_sources(self) -> list[BlockedSource]:
        rows = self._rows(
            "SELECT url, blocked_note, blocked_at FROM sources WHERE blocked_at IS NOT NULL "
            "ORDER BY id"
        )
        return [
            BlockedSource(
                url=r["url"],
                note=r["blocked_note"],
                blocked_at=from_iso(r["blocked_at"]) or datetime.now(UTC),
            )
            for r in rows
        ]
