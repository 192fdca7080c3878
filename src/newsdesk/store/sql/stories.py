"""``StoryStore`` in SQL: stories, their articles and merges, versions, publication."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from newsdesk.models import Article, Story, StoryStatus, StoryVersion
from newsdesk.store.records import StoryMember, StorySummary, VersionLine
from newsdesk.store.rows import (
    ARTICLE_COLUMNS_A,
    INSERT_VERSION,
    article_of,
    chunks,
    draft_from_json,
    from_iso,
    marks,
    now_iso,
    position_of,
    read_position,
    to_iso,
    version_of,
    version_values,
)
from newsdesk.store.sql.core import RELEASE, SQLCore

log = logging.getLogger(__name__)

# A story written by a claim stays marked for writing when it changed meanwhile.
STORY_DONE = (
    "needs_writing = CASE WHEN claimed_revision IS NOT NULL AND claimed_revision != revision "
    f"THEN 1 ELSE 0 END, {RELEASE}"
)
# Retracted and suppressed stories keep their text as the operator left it.
WRITABLE = f"needs_writing = 1 AND merged_into IS NULL AND status = '{StoryStatus.LIVE}'"
LATEST = "v.version = (SELECT MAX(version) FROM story_versions WHERE story_id = v.story_id)"
TO_PUBLISH = (
    "s.published_version < "
    "(SELECT COALESCE(MAX(version), 0) FROM story_versions v WHERE v.story_id = s.id)"
)

# The earliest of one time column over a story's articles that are not copies.
FIRST_REPORT = (
    "SELECT MIN(%s) FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
    "JOIN raw_documents r ON r.id = a.raw_id LEFT JOIN duplicates d ON d.article_id = a.id "
    "WHERE sa.story_id = s.id AND d.article_id IS NULL"
)


class StoriesSQL(SQLCore):
    """Stories group articles; a merge leaves a redirect; versions are never changed."""

    def create_story(self, at: datetime) -> int:
        with self.transaction():
            return int(
                self._scalar(
                    "INSERT INTO stories (created_at, updated_at, last_article_at) "
                    "VALUES (?, ?, ?) RETURNING id",
                    (now_iso(), now_iso(), to_iso(at)),
                )
            )

    def add_to_story(
        self, story_id: int, article_id: int, at: datetime, rewrite: bool = True
    ) -> None:
        marks = "needs_writing = 1, revision = revision + 1, " if rewrite else ""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO story_articles (article_id, story_id, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
                (article_id, story_id, now_iso()),
            )
            self.conn.execute(
                f"UPDATE stories SET {marks}updated_at = ?, "
                f"last_article_at = {self.greatest}(last_article_at, ?) WHERE id = ?",
                (now_iso(), to_iso(at), story_id),
            )
            self.conn.execute(
                "UPDATE articles SET clustered_at = ? WHERE id = ?", (now_iso(), article_id)
            )

    def merge_stories(self, into: int, others: Sequence[int], at: datetime) -> None:
        with self.transaction():
            for other in others:
                if other == into:
                    continue
                # Its page and those redirecting to it become redirects to the survivor.
                self._page_changed("id = ? OR merged_into = ?", (other, other))
                self.conn.execute(
                    "UPDATE story_articles SET story_id = ? WHERE story_id = ?", (into, other)
                )
                self.conn.execute(
                    "UPDATE stories SET merged_into = ?, needs_writing = 0, updated_at = ? "
                    "WHERE id = ?",
                    (into, now_iso(), other),
                )
                # Earlier redirects to the absorbed story now point at the survivor.
                self.conn.execute(
                    "UPDATE stories SET merged_into = ? WHERE merged_into = ?", (into, other)
                )
                self._merge_storylines(into, other)
            self.conn.execute(
                "UPDATE stories SET needs_writing = 1, revision = revision + 1, updated_at = ?, "
                f"last_article_at = {self.greatest}(last_article_at, ?) WHERE id = ?",
                (now_iso(), to_iso(at), into),
            )

    def _merge_storylines(self, into: int, other: int) -> None:
        """The survivor of a merge takes the absorbed story's storyline: it is the same
        event, so the events linked to either are one storyline (the survivor's when both
        had one). A storyline left with a single story is dissolved: a story alone is in
        none (cluster/storylines.py)."""
        mine = self._scalar("SELECT storyline_id FROM stories WHERE id = ?", (into,))
        theirs = self._scalar("SELECT storyline_id FROM stories WHERE id = ?", (other,))
        if theirs is not None:  # every story of both lines may move or leave its line
            self._page_changed("id = ? OR storyline_id IN (?, ?)", (into, mine, theirs))
        if theirs is not None and mine is None:
            self.conn.execute("UPDATE stories SET storyline_id = ? WHERE id = ?", (theirs, into))
            mine = theirs
        elif theirs is not None and theirs != mine:
            self.conn.execute(
                "UPDATE stories SET storyline_id = ? WHERE storyline_id = ?", (mine, theirs)
            )
            self.conn.execute("DELETE FROM storylines WHERE id = ?", (theirs,))
        self.conn.execute("UPDATE stories SET storyline_id = NULL WHERE id = ?", (other,))
        if mine is None:
            return
        left = self._scalar(
            "SELECT COUNT(*) FROM stories WHERE storyline_id = ? AND merged_into IS NULL",
            (mine,),
        )
        if int(left) <= 1:
            self.conn.execute(
                "UPDATE stories SET storyline_id = NULL WHERE storyline_id = ?", (mine,)
            )
            self.conn.execute("DELETE FROM storylines WHERE id = ?", (mine,))

    def story_of(self, article_id: int) -> int | None:
        found = self._scalar(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        )
        return None if found is None else int(found)

    def resolve_story(self, story_id: int) -> int | None:
        rows = self._rows("SELECT id, merged_into FROM stories WHERE id = ?", (story_id,))
        if not rows:
            return None
        return int(rows[0]["merged_into"] or rows[0]["id"])

    def stories_of(self, article_ids: Sequence[int]) -> dict[int, int]:
        rows = self._rows_in(
            "SELECT article_id, story_id FROM story_articles WHERE article_id IN ({ids})",
            article_ids,
        )
        return {int(r["article_id"]): int(r["story_id"]) for r in rows}

    def resolve_stories(self, story_ids: Sequence[int]) -> dict[int, int]:
        rows = self._rows_in("SELECT id, merged_into FROM stories WHERE id IN ({ids})", story_ids)
        return {int(r["id"]): int(r["merged_into"] or r["id"]) for r in rows}

    def open_stories(self, since: datetime) -> list[tuple[int, list[Article]]]:
        """Unmerged stories with an article since ``since``, with their non-duplicate articles."""
        rows = self._rows(
            f"SELECT sa.story_id AS story_id, {ARTICLE_COLUMNS_A} "
            "FROM stories s JOIN story_articles sa ON sa.story_id = s.id "
            "JOIN articles a ON a.id = sa.article_id "
            "LEFT JOIN duplicates d ON d.article_id = a.id "
            "WHERE s.merged_into IS NULL AND s.last_article_at >= ? AND d.article_id IS NULL "
            "ORDER BY s.id, a.id",
            (to_iso(since),),
        )
        grouped: dict[int, list[Article]] = {}
        for r in rows:
            grouped.setdefault(int(r["story_id"]), []).append(article_of(r))
        return list(grouped.items())

    def open_story_times(self, since: datetime) -> dict[int, datetime]:
        rows = self._rows(
            "SELECT id, last_article_at FROM stories "
            "WHERE merged_into IS NULL AND last_article_at >= ?",
            (to_iso(since),),
        )
        return {int(r["id"]): datetime.fromisoformat(r["last_article_at"]) for r in rows}

    def stories_not_live(self, story_ids: Sequence[int]) -> set[int]:
        found: set[int] = set()
        for part in chunks(list(story_ids)):
            rows = self._rows(
                f"SELECT id FROM stories WHERE id IN ({marks(len(part))}) "
                f"AND status != '{StoryStatus.LIVE}'",
                tuple(part),
            )
            found.update(int(r["id"]) for r in rows)
        return found

    def stories_to_write(self) -> list[int]:
        return self._ids(f"SELECT id FROM stories WHERE {WRITABLE} ORDER BY id")

    def skip_writing(self, story_id: int) -> None:
        """Clear the rewrite mark of a story that had nothing writable."""
        with self.transaction():
            self.conn.execute(f"UPDATE stories SET {STORY_DONE} WHERE id = ?", (story_id,))

    def story_members(self, story_id: int) -> list[StoryMember]:
        return self.members_of([story_id]).get(story_id, [])

    def members_of(self, story_ids: Sequence[int]) -> dict[int, list[StoryMember]]:
        grouped: dict[int, list[StoryMember]] = {}
        for part in chunks(list(story_ids)):
            rows = self._rows(
                f"SELECT {ARTICLE_COLUMNS_A}, sa.story_id AS story_id, d.duplicate_of AS dup, "
                "r.fetched_at AS fetched_at FROM story_articles sa "
                "JOIN articles a ON a.id = sa.article_id "
                "LEFT JOIN raw_documents r ON r.id = a.raw_id "
                "LEFT JOIN duplicates d ON d.article_id = sa.article_id "
                f"WHERE sa.story_id IN ({marks(len(part))}) ORDER BY sa.story_id, sa.article_id",
                tuple(part),
            )
            republished: dict[int, list[int]] = {}
            for r in rows:
                if r["dup"] is not None:
                    republished.setdefault(int(r["dup"]), []).append(int(r["id"]))
            for r in rows:
                if r["dup"] is None:
                    grouped.setdefault(int(r["story_id"]), []).append(
                        StoryMember(
                            article=article_of(r),
                            republished_by=tuple(republished.get(r["id"], ())),
                            fetched_at=from_iso(r["fetched_at"]),
                        )
                    )
        return grouped

    def save_version(self, version: StoryVersion, coverage: dict[str, Any] | None) -> None:
        with self.transaction():
            coverage_json = None if coverage is None else json.dumps(coverage, ensure_ascii=False)
            self.conn.execute(INSERT_VERSION, version_values(version, coverage_json))
            self.conn.execute(
                f"UPDATE stories SET {STORY_DONE}, updated_at = ? WHERE id = ?",
                (now_iso(), version.story_id),
            )

    def versions(self, story_id: int) -> list[StoryVersion]:
        rows = self._rows(
            "SELECT * FROM story_versions WHERE story_id = ? ORDER BY version", (story_id,)
        )
        return [version_of(r) for r in rows]

    def versions_of(self, story_ids: Sequence[int]) -> dict[int, list[StoryVersion]]:
        found: dict[int, list[StoryVersion]] = {}
        for r in self._rows_in(
            "SELECT * FROM story_versions WHERE story_id IN ({ids}) ORDER BY story_id, version",
            story_ids,
        ):
            found.setdefault(int(r["story_id"]), []).append(version_of(r))
        return found

    def coverages(self, versions: Mapping[int, int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for part in chunks(list(versions)):
            pairs = ", ".join(["(?, ?)"] * len(part))
            for r in self._rows(
                "SELECT story_id, coverage FROM story_versions "
                f"WHERE (story_id, version) IN (VALUES {pairs}) AND coverage IS NOT NULL",
                tuple(value for story_id in part for value in (story_id, versions[story_id])),
            ):
                try:
                    found[int(r["story_id"])] = json.loads(r["coverage"])
                except ValueError:
                    log.warning("story %s: unreadable coverage, left out", r["story_id"])
        return found

    def coverage(self, story_id: int, version: int) -> dict[str, Any] | None:
        found = self._scalar(
            "SELECT coverage FROM story_versions WHERE story_id = ? AND version = ?",
            (story_id, version),
        )
        if found is None:
            return None
        value: dict[str, Any] = json.loads(found)
        return value

    def latest_stories(self, limit: int = 30, after: str | None = None) -> list[StorySummary]:
        """Unmerged stories with a version, newest article first; see ``StoryStore``."""
        # Keyset paging: the rows that sort after ``after`` in exactly the ORDER BY below.
        keyset = ""
        args: tuple[object, ...] = ()
        if after is not None:
            story_id, stamp = read_position(after)
            keyset = "AND (s.last_article_at < ? OR (s.last_article_at = ? AND v.story_id < ?)) "
            args = (stamp, stamp, story_id)
        rows = self._rows(
            "SELECT v.story_id, v.version, v.headline, v.draft, v.created_at, s.section, "
            "s.storyline_id, s.last_article_at, "
            "(SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = v.story_id) AS n, "
            "(SELECT COUNT(DISTINCT CASE WHEN a.site_name != '' THEN a.site_name ELSE a.url END) "
            " FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            " LEFT JOIN duplicates d ON d.article_id = a.id "
            " WHERE sa.story_id = v.story_id) AS outlets "
            "FROM story_versions v JOIN stories s ON s.id = v.story_id "
            f"WHERE s.merged_into IS NULL AND s.status != '{StoryStatus.SUPPRESSED}' "
            f"AND {LATEST} {keyset}ORDER BY s.last_article_at DESC, v.story_id DESC LIMIT ?",
            (*args, limit),
        )
        return [
            StorySummary(
                story_id=r["story_id"],
                version=r["version"],
                headline=r["headline"],
                summary=draft_from_json(r["draft"]).summary.text,
                updated_at=from_iso(r["created_at"]) or datetime.now(UTC),
                article_count=r["n"],
                outlet_count=r["outlets"],
                section=r["section"],
                storyline_id=r["storyline_id"],
                position=position_of(r["story_id"], r["last_article_at"]),
            )
            for r in rows
        ]

    def stories_to_publish(self) -> list[int]:
        return self._ids(f"SELECT s.id FROM stories s WHERE {TO_PUBLISH} ORDER BY s.id")

    def mark_published(self, story_id: int, version: int) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE stories SET published_version = ? WHERE id = ?", (version, story_id)
            )

    def hold_stories(self, story_ids: Sequence[int]) -> set[int]:
        return self._hold_rows("stories", story_ids)

    def story(self, story_id: int) -> Story | None:
        rows = self._rows("SELECT * FROM stories WHERE id = ?", (story_id,))
        return self._stories_of(rows)[0] if rows else None

    def stories_by_id(self, story_ids: Sequence[int]) -> dict[int, Story]:
        rows = self._rows_in("SELECT * FROM stories WHERE id IN ({ids})", story_ids)
        return {s.id: s for s in self._stories_of(rows)}

    def stories_page(self, after: int, limit: int, since: datetime | None = None) -> list[Story]:
        written = "EXISTS (SELECT 1 FROM story_versions v WHERE v.story_id = s.id)"
        params: list[Any] = [after]
        if since is not None:
            written = (
                "(SELECT MAX(v.created_at) FROM story_versions v WHERE v.story_id = s.id) >= ?"
            )
            params.append(to_iso(since))
        rows = self._rows(
            "SELECT * FROM stories s WHERE s.id > ? AND s.merged_into IS NULL "
            f"AND s.status != '{StoryStatus.SUPPRESSED}' AND {written} ORDER BY s.id LIMIT ?",
            (*params, limit),
        )
        return self._stories_of(rows)

    def _stories_of(self, rows: Sequence[Any]) -> list[Story]:
        """Stories of ``stories`` rows, with their member ids (duplicates included)."""
        members: dict[int, list[int]] = {}
        ids = [int(r["id"]) for r in rows]
        for part in chunks(ids):
            for m in self._rows(
                "SELECT story_id, article_id FROM story_articles "
                f"WHERE story_id IN ({marks(len(part))}) ORDER BY article_id",
                tuple(part),
            ):
                members.setdefault(int(m["story_id"]), []).append(int(m["article_id"]))
        return [
            Story(
                id=int(r["id"]),
                created_at=from_iso(r["created_at"]) or datetime.now(UTC),
                updated_at=from_iso(r["updated_at"]) or datetime.now(UTC),
                article_ids=tuple(members.get(int(r["id"]), ())),
                merged_into=r["merged_into"],
                needs_writing=bool(r["needs_writing"]),
                section=r["section"],
                storyline_id=r["storyline_id"],
                status=StoryStatus(r["status"]),
            )
            for r in rows
        ]

    def latest_versions(self, story_ids: Sequence[int]) -> dict[int, StoryVersion]:
        found: dict[int, StoryVersion] = {}
        for part in chunks(list(story_ids)):
            rows = self._rows(
                f"SELECT * FROM story_versions v WHERE v.story_id IN ({marks(len(part))}) "
                f"AND {LATEST}",
                tuple(part),
            )
            found.update((int(r["story_id"]), version_of(r)) for r in rows)
        return found

    def version_lines(self, story_ids: Sequence[int]) -> dict[int, list[VersionLine]]:
        lines: dict[int, list[VersionLine]] = {}
        for part in chunks(list(story_ids)):
            for r in self._rows(
                "SELECT story_id, version, created_at, headline, what_changed FROM story_versions "
                f"WHERE story_id IN ({marks(len(part))}) ORDER BY story_id, version",
                tuple(part),
            ):
                lines.setdefault(int(r["story_id"]), []).append(
                    VersionLine(
                        story_id=int(r["story_id"]),
                        version=int(r["version"]),
                        created_at=from_iso(r["created_at"]) or datetime.now(UTC),
                        headline=r["headline"],
                        what_changed=r["what_changed"],
                    )
                )
        return lines

    def last_version_at(self) -> datetime | None:
        return from_iso(self._scalar("SELECT MAX(created_at) FROM story_versions"))

    def set_section(self, story_id: int, section: str) -> None:
        with self.transaction():
            self.conn.execute("UPDATE stories SET section = ? WHERE id = ?", (section, story_id))

    def create_storyline(self, at: datetime) -> int:
        with self.transaction():
            return int(
                self._scalar(
                    "INSERT INTO storylines (created_at) VALUES (?) RETURNING id", (to_iso(at),)
                )
            )

    def set_storyline(self, story_id: int, storyline_id: int | None) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE stories SET storyline_id = ? WHERE id = ?", (storyline_id, story_id)
            )
            self._page_changed("id = ?", (story_id,))

    def join_storyline(self, story_id: int, follows: int, at: datetime) -> int:
        with self.transaction():
            found = self._scalar("SELECT storyline_id FROM stories WHERE id = ?", (follows,))
            line = self.create_storyline(at) if found is None else int(found)
            self.conn.execute(
                "UPDATE stories SET storyline_id = ? WHERE id IN (?, ?)", (line, follows, story_id)
            )
            self._page_changed("id IN (?, ?)", (follows, story_id))
            return line

    def _page_changed(self, where: str, params: Sequence[object]) -> None:
        """Note the pages of the stories ``where`` picks as out of date (migration 0022).

        A story's earlier row goes: one row a story, under a new id, so a run that read the
        earlier row and then clears it keeps this change for the next run."""
        self.conn.execute(
            f"DELETE FROM page_changes WHERE story_id IN (SELECT id FROM stories WHERE {where})",
            params,
        )
        self.conn.execute(
            f"INSERT INTO page_changes (story_id) SELECT id FROM stories WHERE {where}", params
        )

    def page_changes(self) -> tuple[set[int], list[int]]:
        rows = self._rows("SELECT id, story_id FROM page_changes ORDER BY id")
        return {int(r["story_id"]) for r in rows}, [int(r["id"]) for r in rows]

    def clear_page_changes(self, read: Sequence[int]) -> None:
        # The rows read, not every id up to the last: on PostgreSQL a row with a lower id
        # can commit after a higher one was read. A row that another transaction holds is
        # left: a merge or storyline change is replacing it by a newer row (or it rolls
        # back, and the next run publishes that page once more). Waiting for it instead
        # could deadlock: that transaction notes its stories in its own order, and may
        # want a row this one has deleted (docs/decisions/store.md, "Lock order").
        with self.transaction():
            for part in chunks(list(read)):
                self.conn.execute(
                    "DELETE FROM page_changes WHERE id IN (SELECT id FROM page_changes "
                    f"WHERE id IN ({marks(len(part))}){self.skip_locked})",
                    part,
                )

    def written_stories(self) -> list[int]:
        return self._ids("SELECT DISTINCT story_id FROM story_versions ORDER BY story_id")

    def storylines_of(self, story_ids: Sequence[int]) -> dict[int, int | None]:
        rows = self._rows_in("SELECT id, storyline_id FROM stories WHERE id IN ({ids})", story_ids)
        return {int(r["id"]): r["storyline_id"] for r in rows}

    def storyline_members(self, storyline_ids: Sequence[int]) -> dict[int, int | None]:
        rows = self._rows_in(
            "SELECT s.id, s.storyline_id FROM stories s WHERE s.merged_into IS NULL "
            f"AND s.status != '{StoryStatus.SUPPRESSED}' "
            "AND EXISTS (SELECT 1 FROM story_versions v WHERE v.story_id = s.id) "
            "AND s.storyline_id IN ({ids})",
            storyline_ids,
        )
        return {int(r["id"]): r["storyline_id"] for r in rows}

    def storyline_stories(self, storyline_id: int) -> list[int]:
        # In the order the events happened: each story's first report (``first_reported``
        # in publish/record.py: the earliest publication time of its articles that are
        # not copies, else their earliest fetch time), not when newsdesk made the story.
        rows = self._rows(
            f"SELECT s.id, COALESCE(({FIRST_REPORT % 'a.published_at'}), "
            f"({FIRST_REPORT % 'r.fetched_at'}), s.created_at) AS first_report "
            "FROM stories s WHERE s.storyline_id = ? AND s.merged_into IS NULL "
            "ORDER BY first_report, s.id",
            (storyline_id,),
        )
        return [int(r["id"]) for r in rows]

    def _ids(self, sql: str) -> list[int]:
        return [int(r[0]) for r in self._rows(sql)]
